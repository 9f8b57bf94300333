/** When compaction runs; see the store's options for what each setting means. */
export interface CompactionSettings {
  readonly windowMs: number;
  readonly graceMs: number;
  readonly lateRowLimit: number;
}

/** Start of the window holding `timestampMs`: windows are aligned to multiples of their length, before 1970 too. */
export function windowStart(timestampMs: number, windowMs: number): number {
  return Math.floor(timestampMs / windowMs) * windowMs;
}

/**
 * Decides, in memory and after every committed append, whether head rows are due to move into
 * chunks. A window is closed once the newest sample written (any series, any tenant) is `graceMs`
 * past its end; everything before the `cutoff` is in closed windows. Compaction is due when a
 * window has closed since the last one ran, or when `lateRowLimit` rows have arrived for windows
 * already compacted (each such compaction rewrites the chunks it touches, so late rows are
 * batched rather than merged one append at a time).
 *
 * Nothing here needs to survive a restart: the tables are the state. A new schedule has compacted
 * nothing, so the first append after opening runs one compaction, which moves whatever closed
 * rows the last process left in the head.
 */
export class CompactionSchedule {
  private newestMs = -Infinity;
  private compactedBefore = -Infinity;
  private lateRows = 0;

  constructor(readonly settings: CompactionSettings) {}

  /** Notes the timestamps of committed samples. */
  observe(timestampsMs: ArrayLike<number>): void {
    let newest = this.newestMs;
    let late = 0;
    for (let i = 0; i < timestampsMs.length; i++) {
      const t = timestampsMs[i]!;
      if (t > newest) newest = t;
      if (t < this.compactedBefore) late++;
    }
    this.newestMs = newest;
    this.lateRows += late;
  }

  /** Head rows before this time are in closed windows (-Infinity while nothing is written). */
  cutoff(): number {
    const { windowMs, graceMs } = this.settings;
    return this.newestMs === -Infinity ? -Infinity : windowStart(this.newestMs - graceMs, windowMs);
  }

  due(): boolean {
    return this.cutoff() > this.compactedBefore || this.lateRows >= this.settings.lateRowLimit;
  }

  /** Records a compaction of everything before `cutoff` (called when it starts: rows written meanwhile count as late). */
  compacting(cutoff: number): void {
    this.compactedBefore = Math.max(this.compactedBefore, Math.min(cutoff, this.cutoff()));
    this.lateRows = 0;
  }
}
