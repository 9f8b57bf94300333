import { STALE_NAN_BITS, labelsKey, type Labels, type SeriesSamples } from '@braid/model';
import { matchesAll, type LabelMatcher } from '@braid/store';
import type { SampleSource } from '../../src/query.js';

interface StoredSeries {
  readonly labels: Labels;
  /** Written points; a later write at the same time replaces the value. */
  readonly points: Map<number, number | 'stale'>;
  /** The points sorted by time, columnar, built on the first read after a write. */
  columns?: { readonly timestampsMs: Float64Array; readonly values: Float64Array };
}

/** First index whose timestamp is ≥ t (or > t when `after`). */
function searchTime(timestampsMs: Float64Array, t: number, after: boolean): number {
  let [lo, hi] = [0, timestampsMs.length];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (timestampsMs[mid]! < t || (after && timestampsMs[mid] === t)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function columns(series: StoredSeries): NonNullable<StoredSeries['columns']> {
  if (series.columns) return series.columns;
  const timestampsMs = Float64Array.from(series.points.keys()).sort();
  const values = new Float64Array(timestampsMs.length);
  const bits = new DataView(values.buffer);
  for (let i = 0; i < timestampsMs.length; i++) {
    const value = series.points.get(timestampsMs[i]!)!;
    // The marker's bits are written directly: a NaN passing through JS arrays of doubles loses them.
    if (value === 'stale') bits.setBigUint64(i * 8, STALE_NAN_BITS, littleEndian);
    else values[i] = value;
  }
  return (series.columns = { timestampsMs, values });
}

/** The series a script loaded, answering the engine's selects the way braid's store does. */
export class MemorySource implements SampleSource {
  private readonly series = new Map<string, StoredSeries>();

  /** Adds one point (a float or a staleness marker); labels must be sorted by name. */
  add(labels: Labels, timestampMs: number, value: number | 'stale'): void {
    const key = labelsKey(labels);
    let stored = this.series.get(key);
    if (!stored) this.series.set(key, (stored = { labels, points: new Map() }));
    stored.points.set(timestampMs, value);
    stored.columns = undefined;
  }

  clear(): void {
    this.series.clear();
  }

  async select(matchers: readonly LabelMatcher[], startMs: number, endMs: number): Promise<readonly SeriesSamples[]> {
    const out: SeriesSamples[] = [];
    for (const stored of this.series.values()) {
      if (!matchesAll(stored.labels, matchers)) continue;
      const { timestampsMs, values } = columns(stored);
      const [from, to] = [searchTime(timestampsMs, startMs, false), searchTime(timestampsMs, endMs, true)];
      if (from === to) continue;
      out.push({ labels: stored.labels, timestampsMs: timestampsMs.slice(from, to), values: values.slice(from, to) });
    }
    return out;
  }
}
