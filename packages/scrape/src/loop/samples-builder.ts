import type { Labels, MetricMetadata, SeriesExemplar } from '@braid/model';
import type { SamplesData } from '@braid/store';

/**
 * Collects one sample per series into two shared columns, so a scrape of many series allocates two
 * arrays instead of two per series. Values go straight into a Float64Array: a NaN kept in a plain JS
 * array may lose its payload bits, and the staleness marker must keep them.
 */
export class SamplesBuilder {
  private readonly labels: Labels[] = [];
  private timestamps = new Float64Array(64);
  private values = new Float64Array(64);
  readonly exemplars: SeriesExemplar[] = [];
  metadata: readonly MetricMetadata[] = [];

  get length(): number {
    return this.labels.length;
  }

  push(labels: Labels, timestampMs: number, value: number): void {
    const n = this.labels.length;
    if (n === this.values.length) this.grow();
    this.labels.push(labels);
    this.timestamps[n] = timestampMs;
    this.values[n] = value;
  }

  build(): SamplesData {
    const series = this.labels.map((labels, i) => ({ labels, timestampsMs: this.timestamps.subarray(i, i + 1), values: this.values.subarray(i, i + 1) }));
    return { series, exemplars: this.exemplars, metadata: this.metadata };
  }

  private grow(): void {
    const size = this.values.length * 2;
    const timestamps = new Float64Array(size);
    timestamps.set(this.timestamps);
    this.timestamps = timestamps;
    // Copied as bytes, so NaN payloads survive the move.
    const values = new Float64Array(size);
    new Uint8Array(values.buffer).set(new Uint8Array(this.values.buffer));
    this.values = values;
  }
}
