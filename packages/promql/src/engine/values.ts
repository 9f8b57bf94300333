import type { Labels } from '@braid/model';

/**
 * Values while evaluating, one column per step of the evaluation grid rather than one object
 * per sample: an instant vector over a range query is a set of series, each a Float64Array of
 * values and a presence mask (NaN is a value, so absence needs its own mask).
 */
export interface StepSeries {
  labels: Labels;
  readonly values: Float64Array;
  readonly present: Uint8Array;
  /** Delayed __name__ removal (Prometheus 3): the name is kept for matching and dropped at the end. */
  dropName: boolean;
  /** The timestamps of the samples a vector selector picked, for timestamp(); absent elsewhere. */
  readonly sampleTimes?: Float64Array;
}

/** Raw samples of one series for range functions: ascending timestamps, no staleness markers. */
export interface RangeSeries {
  readonly labels: Labels;
  readonly timestamps: Float64Array;
  readonly values: Float64Array;
  readonly dropName: boolean;
}

export type EvalValue =
  | { readonly kind: 'scalar'; readonly values: Float64Array }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'vector'; readonly series: StepSeries[] }
  | RangeValue;

/** A range vector: per step, the window (windowEnds[i] - rangeMs, windowEnds[i]] of each series. */
export interface RangeValue {
  readonly kind: 'matrix';
  readonly series: RangeSeries[];
  readonly rangeMs: number;
  readonly windowEnds: Float64Array;
}

export function newStepSeries(labels: Labels, steps: number, dropName = false): StepSeries {
  return { labels, values: new Float64Array(steps), present: new Uint8Array(steps), dropName };
}

/**
 * Step series for a node's whole output cut from two shared blocks: one typed-array allocation
 * per node instead of two per series, which dominated evaluation over thousands of series.
 */
export class StepSeriesBlock {
  private readonly values: Float64Array;
  private readonly present: Uint8Array;
  private next = 0;

  constructor(
    private readonly capacity: number,
    private readonly steps: number,
  ) {
    this.values = new Float64Array(capacity * steps);
    this.present = new Uint8Array(capacity * steps);
  }

  take(labels: Labels, dropName = false): StepSeries {
    if (this.next >= this.capacity) return newStepSeries(labels, this.steps, dropName);
    const from = this.next++ * this.steps;
    return { labels, values: this.values.subarray(from, from + this.steps), present: this.present.subarray(from, from + this.steps), dropName };
  }
}
