import type { MetricMetadata, SeriesExemplar, SeriesSamples } from '@braid/model';

/**
 * A decoded `prometheus.WriteRequest` (remote-write 1.0): every series with at least one sample,
 * the exemplars of every series, and the metric family metadata. It has the shape the ingest
 * pipeline takes for samples, so it is committed as it is.
 */
export interface RemoteWriteRequest {
  /** One entry per `timeseries` that carries samples, in request order; labels sorted and unique. */
  readonly series: readonly SeriesSamples[];
  /** Exemplars of all series, in request order; `trace_id`/`span_id` labels become ids. */
  readonly exemplars: readonly SeriesExemplar[];
  readonly metadata: readonly MetricMetadata[];
}
