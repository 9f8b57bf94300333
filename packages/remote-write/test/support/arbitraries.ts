import fc from 'fast-check';
import { labelsKey, STALE_NAN, type Label, type Labels, type MetricMetadata, type MetricType, type SeriesExemplar, type SeriesSamples, type SpanId, type TraceId } from '@braid/model';
import type { RemoteWriteRequest } from '@braid/remote-write';

const METRIC_TYPES: readonly MetricType[] = ['counter', 'gauge', 'histogram', 'gaugehistogram', 'summary', 'info', 'stateset', 'unknown'];

const text = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 });
const labelName = fc.oneof(fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,10}$/), text);
const millis = fc.oneof(fc.integer({ min: 1_600_000_000_000, max: 1_900_000_000_000 }), fc.maxSafeInteger(), fc.integer({ min: -1e12, max: 1e12 }));
const value = fc.oneof(fc.double(), fc.constant(STALE_NAN), fc.constant(-0));
const nonZeroBytes = (length: number) => fc.uint8Array({ minLength: length, maxLength: length }).filter((b) => b.some((x) => x !== 0));

/** Sorted, unique, non-empty labels, with a metric name. */
export const seriesLabels: fc.Arbitrary<Labels> = fc
  .tuple(text, fc.uniqueArray(fc.tuple(labelName, text), { selector: ([name]) => name, maxLength: 5 }))
  .map(([metric, pairs]) => {
    const labels: Label[] = pairs.filter(([name]) => name !== '__name__').map(([name, v]) => ({ name, value: v }));
    labels.push({ name: '__name__', value: metric });
    return labels.sort((a, b) => (a.name < b.name ? -1 : 1));
  });

const exemplar = fc.record({
  labels: fc.uniqueArray(fc.tuple(labelName, text), { selector: ([name]) => name, maxLength: 3 }).map((pairs) =>
    pairs
      .filter(([name]) => name !== 'trace_id' && name !== 'span_id')
      .map(([name, v]) => ({ name, value: v }))
      .sort((a, b) => (a.name < b.name ? -1 : 1)),
  ),
  traceId: fc.option(nonZeroBytes(16).map((b) => b as TraceId), { nil: undefined }),
  spanId: fc.option(nonZeroBytes(8).map((b) => b as SpanId), { nil: undefined }),
  timestampMs: millis,
  value: fc.double({ noNaN: true }),
});

const series = fc.record({
  labels: seriesLabels,
  samples: fc.array(fc.tuple(millis, value), { minLength: 1, maxLength: 4 }),
  exemplars: fc.array(exemplar, { maxLength: 2 }),
});

const metadata: fc.Arbitrary<MetricMetadata> = fc.record({
  metricFamilyName: text,
  type: fc.constantFrom(...METRIC_TYPES),
  help: fc.string({ unit: 'grapheme', maxLength: 20 }),
  unit: fc.string({ unit: 'grapheme', maxLength: 8 }),
});

/** A request as the decoder returns it: unique series with samples, exemplars in series order. */
export const writeRequest: fc.Arbitrary<RemoteWriteRequest> = fc
  .record({
    series: fc.uniqueArray(series, { selector: (s) => labelsKey(s.labels), maxLength: 6 }),
    metadata: fc.array(metadata, { maxLength: 3 }),
  })
  .map(({ series: all, metadata: md }) => ({
    series: all.map(
      (s): SeriesSamples => ({
        labels: s.labels,
        timestampsMs: Float64Array.from(s.samples, ([t]) => t),
        values: Float64Array.from(s.samples, ([, v]) => v),
      }),
    ),
    exemplars: all.flatMap((s) => s.exemplars.map((e): SeriesExemplar => ({ seriesLabels: s.labels, ...e }))),
    metadata: md,
  }));
