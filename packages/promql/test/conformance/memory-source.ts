import { labelsKey, type Labels, type SeriesSamples } from '@braid/model';
import { matchesAll, type LabelMatcher } from '@braid/store';
import type { SampleSource } from '../../src/query.js';

/** Loaded series in memory, answering the engine's selects the way the store does. */
export class MemorySource implements SampleSource {
  private readonly series = new Map<string, { labels: Labels; points: Map<number, number> }>();

  add(labels: Labels, timestampMs: number, value: number): void {
    const key = labelsKey(labels);
    let entry = this.series.get(key);
    if (!entry) this.series.set(key, (entry = { labels, points: new Map() }));
    entry.points.set(timestampMs, value);
  }

  clear(): void {
    this.series.clear();
  }

  async select(matchers: readonly LabelMatcher[], startMs: number, endMs: number): Promise<SeriesSamples[]> {
    const out: SeriesSamples[] = [];
    for (const { labels, points } of this.series.values()) {
      if (!matchesAll(labels, matchers)) continue;
      const times = [...points.keys()].filter((t) => t >= startMs && t <= endMs).sort((a, b) => a - b);
      if (times.length === 0) continue;
      // Values go through a Float64Array so the staleness marker keeps its bits.
      out.push({ labels, timestampsMs: Float64Array.from(times), values: Float64Array.from(times, (t) => points.get(t)!) });
    }
    return out;
  }
}
