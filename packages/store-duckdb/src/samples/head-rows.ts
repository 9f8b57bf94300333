import type { DuckDBResult } from '@duckdb/node-api';
import { doubles, forEachChunk, uint64s, uint64Words, uint8s } from '../read/column-arrays.js';
import { HI, LO, SampleBuffer, STALE_HI, STALE_LO, valueWords, type SampleRun } from './sample-buffer.js';

/**
 * What a head-row query selects, in this order: the series id, the time as a DOUBLE, the value
 * with NULL (a staleness marker) as 0, and a flag for those NULLs, so every column reads as a
 * typed array.
 *
 * Head queries have no ORDER BY: rows come in storage order, which is write order (DuckDB keeps
 * insertion order for unordered queries while `preserve_insertion_order` is on, as the store
 * sets it), and are grouped per series here. Sorting 2.4M rows in DuckDB took longer than the
 * whole read does now; rows of one series are nearly always in time order already.
 */
export const HEAD_COLUMNS = 'series_id, ts_ms::DOUBLE, coalesce(value, 0), (value IS NULL)::UTINYINT';

/** One series' rows in write order. */
class SeriesRows {
  timestamps = new Float64Array(16);
  words = new Uint32Array(32);
  length = 0;
  /** Another series whose id has the same low 32 bits. */
  collision: SeriesRows | undefined;

  constructor(
    readonly id: bigint,
    readonly lo: number,
    readonly hi: number,
  ) {}

  push(timestamp: number, hi: number, lo: number): void {
    if (this.length === this.timestamps.length) {
      const timestamps = new Float64Array(this.length * 2);
      const words = new Uint32Array(this.length * 4);
      timestamps.set(this.timestamps);
      words.set(this.words);
      this.timestamps = timestamps;
      this.words = words;
    }
    this.timestamps[this.length] = timestamp;
    this.words[2 * this.length + HI] = hi;
    this.words[2 * this.length + LO] = lo;
    this.length++;
  }

  /** The rows as a run: sorted by time (stable, so write order breaks ties), the last write of a timestamp kept. */
  writeTo(out: SampleBuffer): void {
    out.clear();
    const { timestamps, words, length } = this;
    let ordered = true;
    for (let i = 1; i < length && ordered; i++) ordered = timestamps[i - 1]! <= timestamps[i]!;
    if (ordered) {
      for (let i = 0; i < length; i++) out.push(timestamps[i]!, words[2 * i + HI]!, words[2 * i + LO]!);
      return;
    }
    const order = Array.from({ length }, (_, i) => i).sort((a, b) => timestamps[a]! - timestamps[b]! || a - b);
    for (const i of order) out.push(timestamps[i]!, words[2 * i + HI]!, words[2 * i + LO]!);
  }
}

/** Hands each series' head rows to `visit` as one run; the run is only valid during the call. */
export async function visitHeadSeries(result: DuckDBResult, visit: (seriesId: bigint, run: SampleRun) => void): Promise<void> {
  const byLow = new Map<number, SeriesRows>();
  const all: SeriesRows[] = [];
  let last: SeriesRows | undefined;
  await forEachChunk(result, (chunk) => {
    const ids = uint64Words(chunk, 0);
    const timestamps = doubles(chunk, 1);
    const values = valueWords(doubles(chunk, 2));
    const stale = uint8s(chunk, 3);
    const rows = chunk.rowCount;
    for (let i = 0; i < rows; i++) {
      const lo = ids[2 * i + LO]!;
      const hi = ids[2 * i + HI]!;
      let series = last;
      if (series === undefined || series.lo !== lo || series.hi !== hi) {
        series = byLow.get(lo);
        while (series !== undefined && series.hi !== hi) series = series.collision;
        if (series === undefined) {
          series = new SeriesRows(uint64s(chunk, 0)[i]!, lo, hi);
          series.collision = byLow.get(lo);
          byLow.set(lo, series);
          all.push(series);
        }
        last = series;
      }
      if (stale[i]) series.push(timestamps[i]!, STALE_HI, STALE_LO);
      else series.push(timestamps[i]!, values[2 * i + HI]!, values[2 * i + LO]!);
    }
  });
  const buffer = new SampleBuffer();
  for (const series of all) {
    series.writeTo(buffer);
    visit(series.id, buffer.view());
  }
}
