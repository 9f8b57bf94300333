import { labelsToRecord, toHex } from '@braid/model';
import type { RemoteWriteRequest } from '@braid/remote-write';

/** A decoded request as plain data, for readable expectations. */
export function summarize(request: RemoteWriteRequest) {
  return {
    series: request.series.map((s) => ({ labels: labelsToRecord(s.labels), timestampsMs: [...s.timestampsMs], values: [...s.values] })),
    exemplars: request.exemplars.map((e) => ({
      series: labelsToRecord(e.seriesLabels),
      labels: labelsToRecord(e.labels),
      traceId: e.traceId ? toHex(e.traceId) : undefined,
      spanId: e.spanId ? toHex(e.spanId) : undefined,
      timestampMs: e.timestampMs,
      value: e.value,
    })),
    metadata: request.metadata,
  };
}
