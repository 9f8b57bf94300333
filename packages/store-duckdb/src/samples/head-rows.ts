import type { DuckDBResult } from '@duckdb/node-api';
import { doubles, forEachChunk, uint64s, uint64Words, uint8s } from '../read/column-arrays.js';
import { HI, LO, SampleBuffer, STALE_HI, STALE_LO, valueWords, type SampleRun } from './sample-buffer.js';

/**
 * What a head-row query selects, in this order: the series id, the time as a DOUBLE, the value
 * with NULL (a staleness marker) as 0, and a flag for those NULLs, so every column reads as a
 * typed array. Queries must order by `series_id, ts_ms, rowid`: rowid order is write order, and
 * the later of two rows with one timestamp is the one kept.
 */
export const HEAD_COLUMNS = 'series_id, ts_ms::DOUBLE, coalesce(value, 0), (value IS NULL)::UTINYINT';
export const HEAD_ORDER = 'ORDER BY series_id, ts_ms, rowid';

/** Hands each series' head rows to `visit` as one run; the run is only valid during the call. */
export async function visitHeadSeries(result: DuckDBResult, visit: (seriesId: bigint, run: SampleRun) => void): Promise<void> {
  const buffer = new SampleBuffer();
  let current: bigint | undefined;
  let currentLo = -1;
  let currentHi = -1;
  await forEachChunk(result, (chunk) => {
    const ids = uint64Words(chunk, 0);
    const timestamps = doubles(chunk, 1);
    const values = valueWords(doubles(chunk, 2));
    const stale = uint8s(chunk, 3);
    const rows = chunk.rowCount;
    for (let i = 0; i < rows; i++) {
      const lo = ids[2 * i + LO]!;
      const hi = ids[2 * i + HI]!;
      if (lo !== currentLo || hi !== currentHi) {
        if (current !== undefined) visit(current, buffer.view());
        buffer.clear();
        current = uint64s(chunk, 0)[i]!;
        currentLo = lo;
        currentHi = hi;
      }
      if (stale[i]) buffer.push(timestamps[i]!, STALE_HI, STALE_LO);
      else buffer.push(timestamps[i]!, values[2 * i + HI]!, values[2 * i + LO]!);
    }
  });
  if (current !== undefined) visit(current, buffer.view());
}
