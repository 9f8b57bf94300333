import type { TenantId } from '@braid/model';
import type { DuckDBConnection } from '@duckdb/node-api';
import { visitChunks } from '../samples/chunk-rows.js';
import { HEAD_COLUMNS, HEAD_ORDER, visitHeadSeries } from '../samples/head-rows.js';
import { appendMerged, lowerBound, SampleBuffer, type SampleRun } from '../samples/sample-buffer.js';
import { idList } from './sql-filter.js';

/** Inclusive bounds in unix milliseconds. */
export interface MsRange {
  readonly startMs: number;
  readonly endMs: number;
}

/*
 * Samples live in two tables (see schema.ts): chunks of compacted windows and head rows. Every
 * read here takes both and must run inside one snapshot (read/snapshot.ts). A head row is
 * always newer than the chunk covering its time: compaction moves all of a window's head rows
 * at once, so at an equal timestamp the head row wins, as the later write.
 */

/** The ids among `ids` with at least one sample in the range. */
export async function seriesWithSamples(connection: DuckDBConnection, tenant: TenantId, ids: readonly bigint[], range: MsRange): Promise<Set<bigint>> {
  const { start, end } = bounds(range);
  const params = [tenant, BigInt(start), BigInt(end)];
  const certain = await connection.runAndReadAll(
    `SELECT DISTINCT series_id FROM samples WHERE tenant = $1 AND series_id IN (${idList(ids)}) AND ts_ms BETWEEN $2 AND $3
     UNION
     SELECT series_id FROM sample_chunks
     WHERE tenant = $1 AND series_id IN (${idList(ids)}) AND min_ts <= $3 AND max_ts >= $2 AND (min_ts >= $2 OR max_ts <= $3)`,
    params,
  );
  const found = new Set((certain.getColumns()[0] ?? []) as bigint[]);
  // A chunk that starts before the range and ends after it may still have no sample inside.
  const open = ids.filter((id) => !found.has(id));
  if (open.length === 0) return found;
  const spanning = await connection.run(
    `SELECT series_id, chunk FROM sample_chunks WHERE tenant = $1 AND series_id IN (${idList(open)}) AND min_ts < $2 AND max_ts > $3`,
    params,
  );
  await visitChunks(spanning, (id, run) => {
    if (lowerBound(run.timestamps, start) < run.timestamps.length) found.add(id);
  }, end);
  return found;
}

/** The samples in the range of each of `ids` that has any, ascending, one per timestamp (the last written). */
export async function sampleRuns(connection: DuckDBConnection, tenant: TenantId, ids: readonly bigint[], range: MsRange): Promise<Map<bigint, SampleRun>> {
  const { start, end } = bounds(range);
  const params = [tenant, BigInt(start), BigInt(end)];
  const pieces = new Map<bigint, SampleRun[]>();
  const chunks = await connection.run(
    `SELECT series_id, chunk FROM sample_chunks
     WHERE tenant = $1 AND series_id IN (${idList(ids)}) AND max_ts >= $2 AND min_ts <= $3
     ORDER BY series_id, window_start`,
    params,
  );
  await visitChunks(chunks, (id, run) => {
    const from = lowerBound(run.timestamps, start);
    if (from === run.timestamps.length) return;
    const piece = { timestamps: run.timestamps.subarray(from), values: run.values.subarray(from) };
    const list = pieces.get(id);
    if (list) list.push(piece);
    else pieces.set(id, [piece]);
  }, end);

  const runs = new Map<bigint, SampleRun>();
  for (const [id, list] of pieces) runs.set(id, concat(list));
  const merged = new SampleBuffer();
  const head = await connection.run(
    `SELECT ${HEAD_COLUMNS} FROM samples WHERE tenant = $1 AND series_id IN (${idList(ids)}) AND ts_ms BETWEEN $2 AND $3 ${HEAD_ORDER}`,
    params,
  );
  await visitHeadSeries(head, (id, run) => {
    const compacted = runs.get(id);
    if (!compacted) {
      runs.set(id, { timestamps: run.timestamps.slice(), values: run.values.slice() });
      return;
    }
    merged.clear();
    appendMerged(merged, compacted, run);
    runs.set(id, merged.copy());
  });
  return runs;
}

function bounds(range: MsRange): { start: number; end: number } {
  return { start: Math.floor(range.startMs), end: Math.ceil(range.endMs) };
}

/** Pieces of consecutive windows, each after the one before, as one run. */
function concat(list: readonly SampleRun[]): SampleRun {
  if (list.length === 1) return list[0]!;
  const length = list.reduce((n, piece) => n + piece.timestamps.length, 0);
  const timestamps = new Float64Array(length);
  const values = new Float64Array(length);
  let at = 0;
  for (const piece of list) {
    timestamps.set(piece.timestamps, at);
    values.set(piece.values, at);
    at += piece.timestamps.length;
  }
  return { timestamps, values };
}
