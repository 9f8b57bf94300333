import { labelValue, labelsKey, type Labels } from '@braid/model';
import type { Call } from '../ast.js';
import type { Evaluator } from './evaluator.js';
import { newStepSeries, type StepSeries } from './values.js';

interface Bucket {
  upperBound: number;
  count: number;
}

/** The buckets of one classic histogram (series sharing all labels but `le`), per step. */
interface BucketGroup {
  readonly labels: Labels;
  readonly members: { readonly upperBound: number; readonly series: StepSeries }[];
}

/** Go's strconv.ParseFloat for `le` values: numbers, ±Inf, NaN. */
function parseBound(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  if (/^[+-]?(inf|infinity)$/.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (t === 'nan') return NaN;
  if (t === '' || !/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(t)) return undefined;
  return Number(t);
}

function groupBuckets(ev: Evaluator, call: Call, input: StepSeries[]): BucketGroup[] {
  const groups = new Map<string, BucketGroup>();
  for (const series of input) {
    const le = labelValue(series.labels, 'le');
    const upperBound = parseBound(le);
    const withoutLe = series.labels.filter((l) => l.name !== 'le');
    if (upperBound === undefined) {
      const name = labelValue(withoutLe, '__name__');
      ev.settings.annotations.warn(`bucket label "le" is missing or has a malformed value of ${JSON.stringify(le)}${name ? ` for metric name ${JSON.stringify(name)}` : ''}`, call.args[call.args.length - 1]!.position);
      continue;
    }
    const key = labelsKey(withoutLe);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { labels: withoutLe, members: [] }));
    group.members.push({ upperBound, series });
  }
  return [...groups.values()];
}

/** Buckets present at step i, sorted by bound, equal bounds merged. */
function bucketsAt(group: BucketGroup, i: number): Bucket[] {
  const buckets = group.members.filter((m) => m.series.present[i]).map((m) => ({ upperBound: m.upperBound, count: m.series.values[i]! }));
  buckets.sort((a, b) => a.upperBound - b.upperBound);
  const merged: Bucket[] = [];
  for (const b of buckets) {
    const last = merged[merged.length - 1];
    if (last && last.upperBound === b.upperBound) last.count += b.count;
    else merged.push({ ...b });
  }
  return merged;
}

const almostEqual = (a: number, b: number, epsilon: number): boolean => {
  if (a === b) return true;
  const diff = Math.abs(a - b);
  const norm = Math.min(Math.abs(a) + Math.abs(b), Number.MAX_VALUE);
  return diff < Number.MIN_VALUE * 2 ** 52 || diff / norm < epsilon;
};

/** Forces cumulative counts to be non-decreasing, as Prometheus does; returns whether it had to. */
function ensureMonotonic(buckets: Bucket[]): boolean {
  let forced = false;
  let previous = buckets[0]!.count;
  for (let i = 1; i < buckets.length; i++) {
    const current = buckets[i]!.count;
    if (current === previous) continue;
    if (almostEqual(previous, current, 1e-12)) {
      buckets[i]!.count = previous;
      continue;
    }
    if (current < previous) {
      buckets[i]!.count = previous;
      forced = true;
      continue;
    }
    previous = current;
  }
  return forced;
}

/** Prometheus' BucketQuantile over classic buckets; also reports forced monotonicity. */
function bucketQuantile(q: number, buckets: Bucket[]): [number, boolean] {
  if (Number.isNaN(q)) return [NaN, false];
  if (q < 0) return [-Infinity, false];
  if (q > 1) return [Infinity, false];
  if (buckets.length === 0 || buckets[buckets.length - 1]!.upperBound !== Infinity) return [NaN, false];
  const forced = ensureMonotonic(buckets);
  if (buckets.length < 2) return [NaN, forced];
  const observations = buckets[buckets.length - 1]!.count;
  if (observations === 0) return [NaN, forced];
  let rank = q * observations;
  let b = 0;
  while (b < buckets.length - 1 && !(buckets[b]!.count >= rank)) b++;
  if (b === buckets.length - 1) return [buckets[buckets.length - 2]!.upperBound, forced];
  if (b === 0 && buckets[0]!.upperBound <= 0) return [buckets[0]!.upperBound, forced];
  let start = 0;
  let count = buckets[b]!.count;
  if (b > 0) {
    start = buckets[b - 1]!.upperBound;
    count -= buckets[b - 1]!.count;
    rank -= buckets[b - 1]!.count;
  }
  return [start + (buckets[b]!.upperBound - start) * (rank / count), forced];
}

/** histogram_quantile over classic `le` buckets. Native histograms are not stored by braid. */
export function histogramQuantile(ev: Evaluator, call: Call, q: Float64Array, input: StepSeries[]): StepSeries[] {
  const out = perHistogram(ev, call, input, (group, buckets, i) => {
    const [value, forced] = bucketQuantile(q[i]!, buckets);
    if (forced) {
      const name = labelValue(group.labels, '__name__');
      ev.settings.annotations.info(`input to histogram_quantile needed to be fixed for monotonicity (see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile) for metric name "${name}"`, call.args[1]!.position);
    }
    return value;
  });
  for (const value of new Set(q)) {
    if (Number.isNaN(value) || value < 0 || value > 1) ev.settings.annotations.warn(`quantile value should be between 0 and 1, got ${value}`, call.args[0]!.position);
  }
  return out;
}

/** One output series per classic histogram: f of its buckets at every step that has any. */
function perHistogram(ev: Evaluator, call: Call, input: StepSeries[], f: (group: BucketGroup, buckets: Bucket[], step: number) => number): StepSeries[] {
  const steps = ev.grid.count;
  const out: StepSeries[] = [];
  for (const group of groupBuckets(ev, call, input)) {
    const result = newStepSeries(group.labels, steps, true);
    for (let i = 0; i < steps; i++) {
      const buckets = bucketsAt(group, i);
      if (buckets.length === 0) continue;
      result.values[i] = f(group, buckets, i);
      result.present[i] = 1;
    }
    if (result.present.some((p) => p === 1)) out.push(result);
  }
  return out;
}

/** Prometheus' BucketFraction: the share of observations between lower and upper, interpolating inside buckets. */
function bucketFraction(lower: number, upper: number, buckets: Bucket[]): number {
  if (buckets.length === 0 || buckets[buckets.length - 1]!.upperBound !== Infinity) return NaN;
  const count = buckets[buckets.length - 1]!.count;
  if (count === 0 || Number.isNaN(lower) || Number.isNaN(upper)) return NaN;
  if (lower >= upper) return 0;
  let rank = 0;
  let lowerRank = 0;
  let upperRank = 0;
  let lowerSet = false;
  let upperSet = false;
  let lowerBound = buckets[0]!.upperBound <= 0 ? -Infinity : 0;
  for (let i = 0; i < buckets.length; i++) {
    const b = buckets[i]!;
    if (i > 0) lowerBound = buckets[i - 1]!.upperBound;
    const upperBound = b.upperBound;
    const interpolate = (v: number): number => (lowerBound === -Infinity ? b.count : rank + ((b.count - rank) * (v - lowerBound)) / (upperBound - lowerBound));
    if (!lowerSet && lowerBound >= lower) [lowerRank, lowerSet] = [rank, true];
    if (!upperSet && lowerBound >= upper) [upperRank, upperSet] = [rank, true];
    if (lowerSet && upperSet) break;
    if (!lowerSet && lowerBound < lower && upperBound > lower) [lowerRank, lowerSet] = [interpolate(lower), true];
    if (!upperSet && lowerBound < upper && upperBound > upper) [upperRank, upperSet] = [interpolate(upper), true];
    if (lowerSet && upperSet) break;
    rank = b.count;
  }
  if (!lowerSet || lowerRank > count) lowerRank = count;
  if (!upperSet || upperRank > count) upperRank = count;
  return (upperRank - lowerRank) / count;
}

/** histogram_fraction over classic `le` buckets. */
export function histogramFraction(ev: Evaluator, call: Call, lower: Float64Array, upper: Float64Array, input: StepSeries[]): StepSeries[] {
  return perHistogram(ev, call, input, (_group, buckets, i) => bucketFraction(lower[i]!, upper[i]!, buckets));
}
