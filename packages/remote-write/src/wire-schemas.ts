import { messageSchema } from '@braid/otlp';

// prometheus/prompb types.proto and remote.proto, as far as remote-write 1.0 reads them: field
// numbers and wire types, so the decoders' cold path can name a field that arrives malformed.

export const WRITE_REQUEST = messageSchema('WriteRequest', { timeseries: [1, 'len'], metadata: [3, 'len'] });
export const TIME_SERIES = messageSchema('TimeSeries', { labels: [1, 'len'], samples: [2, 'len'], exemplars: [3, 'len'], histograms: [4, 'len'] });
export const LABEL = messageSchema('Label', { name: [1, 'len'], value: [2, 'len'] });
export const SAMPLE = messageSchema('Sample', { value: [1, 'i64'], timestamp: [2, 'varint'] });
export const EXEMPLAR = messageSchema('Exemplar', { labels: [1, 'len'], value: [2, 'i64'], timestamp: [3, 'varint'] });
export const METRIC_METADATA = messageSchema('MetricMetadata', { type: [1, 'varint'], metric_family_name: [2, 'len'], help: [4, 'len'], unit: [5, 'len'] });
