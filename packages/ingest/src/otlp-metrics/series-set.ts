import type { Labels, MetricMetadata, SeriesExemplar, SeriesSamples } from '@braid/model';
import type { SamplesData } from '@braid/store';

/** One series being filled; typed arrays, so a staleness marker keeps its NaN bits. */
export class SeriesBuilder {
  private timestamps = new Float64Array(4);
  private values = new Float64Array(4);
  private length = 0;
  private ordered = true;

  constructor(readonly labels: Labels) {}

  /** Appends one sample. */
  push(timestampMs: number, value: number): void {
    if (this.length === this.timestamps.length) this.grow();
    if (this.length > 0 && timestampMs < this.timestamps[this.length - 1]!) this.ordered = false;
    this.timestamps[this.length] = timestampMs;
    this.values[this.length] = value;
    this.length++;
  }

  /** The samples in timestamp order (stable: equal timestamps keep their arrival order). */
  build(): SeriesSamples {
    const timestamps = this.timestamps.slice(0, this.length);
    const values = this.values.slice(0, this.length);
    if (this.ordered) return { labels: this.labels, timestampsMs: timestamps, values };
    const order = Array.from({ length: this.length }, (_, i) => i).sort((a, b) => timestamps[a]! - timestamps[b]! || a - b);
    const sortedTimes = new Float64Array(this.length);
    const sortedValues = new Float64Array(this.length);
    // Moving values as raw 64-bit words keeps every NaN payload exactly.
    const fromBits = new BigUint64Array(values.buffer, values.byteOffset, this.length);
    const toBits = new BigUint64Array(sortedValues.buffer);
    for (let i = 0; i < order.length; i++) {
      sortedTimes[i] = timestamps[order[i]!]!;
      toBits[i] = fromBits[order[i]!]!;
    }
    return { labels: this.labels, timestampsMs: sortedTimes, values: sortedValues };
  }

  private grow(): void {
    const timestamps = new Float64Array(this.timestamps.length * 2);
    const values = new Float64Array(this.values.length * 2);
    timestamps.set(this.timestamps);
    values.set(this.values);
    this.timestamps = timestamps;
    this.values = values;
  }
}

/** The series, exemplars and family metadata one request translates to, grouped by label set. */
export class SeriesSet {
  private readonly builders = new Map<string, SeriesBuilder>();
  private readonly exemplars: SeriesExemplar[] = [];
  private readonly metadata = new Map<string, MetricMetadata>();

  /** The series with this key, if a sample opened it already. */
  get(key: string): SeriesBuilder | undefined {
    return this.builders.get(key);
  }

  /** Opens a series; `key` must identify `labels`. */
  open(key: string, labels: Labels): SeriesBuilder {
    const builder = new SeriesBuilder(labels);
    this.builders.set(key, builder);
    return builder;
  }

  /** Keeps an exemplar. */
  addExemplar(exemplar: SeriesExemplar): void {
    this.exemplars.push(exemplar);
  }

  /** Keeps a family's metadata; the first description of a family wins. */
  addMetadata(metadata: MetricMetadata): void {
    if (!this.metadata.has(metadata.metricFamilyName)) this.metadata.set(metadata.metricFamilyName, metadata);
  }

  /** Everything gathered, as the store takes it. */
  finish(): SamplesData {
    const series: SeriesSamples[] = [];
    for (const builder of this.builders.values()) series.push(builder.build());
    return { series, exemplars: this.exemplars, metadata: [...this.metadata.values()] };
  }
}
