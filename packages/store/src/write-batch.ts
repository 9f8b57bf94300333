import type { LogsData, MetricMetadata, SeriesExemplar, SeriesSamples, TenantId, TracesData } from '@braid/model';

/** Prometheus-style samples with their exemplars and family metadata. */
export interface SamplesData {
  readonly series: readonly SeriesSamples[];
  readonly exemplars: readonly SeriesExemplar[];
  readonly metadata: readonly MetricMetadata[];
}

/** One request's worth of data for one tenant. */
export type WriteItem =
  | { readonly kind: 'traces'; readonly tenant: TenantId; readonly data: TracesData }
  | { readonly kind: 'logs'; readonly tenant: TenantId; readonly data: LogsData }
  | { readonly kind: 'samples'; readonly tenant: TenantId; readonly data: SamplesData };

/** What one commit writes: the items of every request in a group commit. */
export type WriteBatch = readonly WriteItem[];

/** How many items a batch holds, per signal. */
export interface WriteCounts {
  spans: number;
  logs: number;
  samples: number;
}

/** Counts spans, log records and samples in a batch. */
export function countItems(batch: WriteBatch): WriteCounts {
  const counts: WriteCounts = { spans: 0, logs: 0, samples: 0 };
  for (const item of batch) {
    if (item.kind === 'traces') {
      for (const rs of item.data.resourceSpans) for (const ss of rs.scopeSpans) counts.spans += ss.spans.length;
    } else if (item.kind === 'logs') {
      for (const rl of item.data.resourceLogs) for (const sl of rl.scopeLogs) counts.logs += sl.logRecords.length;
    } else {
      for (const s of item.data.series) counts.samples += s.values.length;
    }
  }
  return counts;
}
