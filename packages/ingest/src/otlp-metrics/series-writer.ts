import { STALE_NAN, type Exemplar, type Labels, type SummaryDataPoint } from '@braid/model';
import { bucketIndex, seriesExemplar } from './exemplars.js';
import type { NameCache } from './metric-family.js';
import { seriesLabels } from './series-labels.js';
import type { SeriesBuilder, SeriesSet } from './series-set.js';

/** The labels a data point gives all its series (no `__name__` yet), and a string that identifies them. */
export interface PointLabels {
  readonly labels: Labels;
  readonly key: string;
}

const BUCKET_LABEL = 'le';
const QUANTILE_LABEL = 'quantile';
const INF_BOUND = '+Inf';

/**
 * Writes the Prometheus series of one data point into a series set: samples, exemplars on the
 * series they belong to, and staleness markers when the point has no recorded value.
 */
export class SeriesWriter {
  constructor(
    private readonly set: SeriesSet,
    private readonly names: NameCache,
  ) {}

  /** A gauge or counter sample and its exemplars. */
  number(point: PointLabels, name: string, timestampMs: number, value: number, exemplars: readonly Exemplar[]): void {
    const series = this.series(point, name);
    series.push(timestampMs, value);
    for (const exemplar of exemplars) this.set.addExemplar(seriesExemplar(series.labels, exemplar, this.names));
  }

  /**
   * A classic histogram: `_bucket` per bound with its cumulative count, `_bucket{le="+Inf"}` with the
   * count, `_sum` when the point has one, `_count`. Each exemplar goes on the bucket holding its value,
   * as Prometheus places them. A stale point marks every one of those series stale.
   */
  histogram(
    point: PointLabels,
    name: string,
    timestampMs: number,
    stale: boolean,
    bounds: ArrayLike<number>,
    cumulative: ArrayLike<number>,
    count: number,
    sum: number | undefined,
    exemplars: readonly Exemplar[],
  ): void {
    const bucketName = `${name}_bucket`;
    for (let i = 0; i < bounds.length; i++) {
      this.series(point, bucketName, BUCKET_LABEL, this.names.float(bounds[i]!)).push(timestampMs, stale ? STALE_NAN : cumulative[i]!);
    }
    this.series(point, bucketName, BUCKET_LABEL, INF_BOUND).push(timestampMs, stale ? STALE_NAN : count);
    if (sum !== undefined) this.series(point, `${name}_sum`).push(timestampMs, stale ? STALE_NAN : sum);
    this.series(point, `${name}_count`).push(timestampMs, stale ? STALE_NAN : count);
    if (stale) return;
    for (const exemplar of exemplars) {
      const bucket = bucketIndex(bounds, Number(exemplar.value));
      const bound = bucket === bounds.length ? INF_BOUND : this.names.float(bounds[bucket]!);
      const series = this.series(point, bucketName, BUCKET_LABEL, bound);
      this.set.addExemplar(seriesExemplar(series.labels, exemplar, this.names));
    }
  }

  /** A summary: one series per quantile, `_sum` and `_count`. */
  summary(point: PointLabels, name: string, timestampMs: number, stale: boolean, summary: SummaryDataPoint): void {
    for (const quantile of summary.quantileValues) {
      this.series(point, name, QUANTILE_LABEL, this.names.float(quantile.quantile)).push(timestampMs, stale ? STALE_NAN : quantile.value);
    }
    this.series(point, `${name}_sum`).push(timestampMs, stale ? STALE_NAN : summary.sum);
    this.series(point, `${name}_count`).push(timestampMs, stale ? STALE_NAN : Number(summary.count));
  }

  /** One sample of a series made of the point's labels alone. */
  single(point: PointLabels, name: string, timestampMs: number, value: number): void {
    this.series(point, name).push(timestampMs, value);
  }

  private series(point: PointLabels, name: string, extraName?: string, extraValue?: string): SeriesBuilder {
    // Names and formatted floats hold no control characters, so the prefix cannot run into the point's key.
    const key = extraName === undefined ? `${name}\u0002${point.key}` : `${name}\u0002${extraName}\u0003${extraValue}\u0002${point.key}`;
    return this.set.get(key) ?? this.set.open(key, seriesLabels(point.labels, name, extraName, extraValue));
  }
}
