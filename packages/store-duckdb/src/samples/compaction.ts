import type { TenantId } from '@braid/model';
import { blobValue, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { encodeXorChunk } from '../codec/xor-chunk.js';
import { TABLE_TYPES, TableColumns } from '../write/table-columns.js';
import { appendTable } from '../write/chunked-appender.js';
import { visitChunks } from './chunk-rows.js';
import { windowStart } from './compaction-schedule.js';
import { HEAD_COLUMNS, visitHeadSeries } from './head-rows.js';
import { appendMerged, lowerBound, SampleBuffer, type SampleRun } from './sample-buffer.js';

/*
 * Compaction moves head rows (the `samples` table, one row per sample) of closed windows into
 * `sample_chunks`, one XOR chunk per tenant, series and window, in one transaction per slice:
 * read the slice's head rows, merge each (series, window) with the chunk already stored for it
 * (late samples), write the new chunks, delete the old chunks and the head rows. A reader sees
 * the slice before or after, never both or neither: chunks and head rows are read in one snapshot.
 *
 * A slice is one tenant's series whose ids fall in a range, sized to about SLICE_ROWS head rows,
 * so the writer goes back to pending appends between slices instead of stalling them for a
 * whole compaction.
 */

/** Head rows per compaction transaction, roughly (ids are hashes, so ranges split evenly). */
export const SLICE_ROWS = 262_144;

const U64_SPAN = 1n << 64n;

/** One compaction transaction's share: a tenant, a range of series ids, rows before `cutoff`. */
export interface CompactionSlice {
  readonly tenant: TenantId;
  readonly cutoff: bigint;
  readonly lowId: bigint;
  readonly highId: bigint;
  /** The earliest window the tenant's head rows before `cutoff` fall in: older chunks are not touched. */
  readonly firstWindow: bigint;
}

/** What compaction did. */
export interface CompactionResult {
  /** Head rows moved into chunks. */
  readonly headRows: number;
  /** Chunks written, merged ones included. */
  readonly chunks: number;
  /** Stored chunks that late rows were merged into. */
  readonly mergedChunks: number;
}

export const NOTHING_COMPACTED: CompactionResult = { headRows: 0, chunks: 0, mergedChunks: 0 };

export function addResults(a: CompactionResult, b: CompactionResult): CompactionResult {
  return { headRows: a.headRows + b.headRows, chunks: a.chunks + b.chunks, mergedChunks: a.mergedChunks + b.mergedChunks };
}

/** Splits the head rows before `cutoff` into slices of about SLICE_ROWS rows. */
export async function planSlices(connection: DuckDBConnection, cutoff: bigint, windowMs: number): Promise<CompactionSlice[]> {
  const reader = await connection.runAndReadAll('SELECT tenant, count(*), min(ts_ms)::DOUBLE FROM samples WHERE ts_ms < ? GROUP BY tenant ORDER BY tenant', [cutoff]);
  return reader.getRows().flatMap(([tenant, rows, oldest]) => {
    const count = Math.max(1, Math.ceil(Number(rows) / SLICE_ROWS));
    return Array.from({ length: count }, (_, i): CompactionSlice => ({
      tenant: tenant as TenantId,
      cutoff,
      lowId: (U64_SPAN * BigInt(i)) / BigInt(count),
      highId: (U64_SPAN * BigInt(i + 1)) / BigInt(count) - 1n,
      firstWindow: BigInt(windowStart(oldest as number, windowMs)),
    }));
  });
}

/** Compacts one slice in one transaction. */
export async function compactSlice(connection: DuckDBConnection, slice: CompactionSlice, windowMs: number): Promise<CompactionResult> {
  await connection.run('BEGIN TRANSACTION');
  try {
    const result = await moveSlice(connection, slice, windowMs);
    await connection.run('COMMIT');
    return result;
  } catch (error) {
    await connection.run('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

async function moveSlice(connection: DuckDBConnection, slice: CompactionSlice, windowMs: number): Promise<CompactionResult> {
  const w = Math.floor(windowMs);
  // $1 tenant, $2 cutoff; ids are braid's own integers, so they go in as literals. Rows older
  // than the first window planned for (written since) wait for the next compaction: their
  // stored chunks are outside the range looked up below.
  const headFilter = `tenant = $1 AND ts_ms >= ${slice.firstWindow} AND ts_ms < $2 AND series_id BETWEEN ${slice.lowId} AND ${slice.highId}`;
  const headWindows = `SELECT DISTINCT series_id, ts_ms - (((ts_ms % ${w}) + ${w}) % ${w}) AS window_start FROM samples WHERE ${headFilter}`;
  const params = [slice.tenant, slice.cutoff];

  // Chunks are stored in window order, so bounding window_start lets zone maps skip the table's
  // history instead of scanning every chunk ever written for each slice.
  const chunkWindows = (table: string) =>
    `${table}.tenant = $1 AND ${table}.window_start >= ${slice.firstWindow} AND ${table}.window_start < $2
     AND ${table}.series_id BETWEEN ${slice.lowId} AND ${slice.highId}`;
  const stored = new Map<string, SampleRun>();
  const storedKey = (id: bigint, window: number) => `${id}/${window}`;
  const storedRows = await connection.run(
    `SELECT c.series_id, c.chunk FROM sample_chunks c
     SEMI JOIN (${headWindows}) h ON c.series_id = h.series_id AND c.window_start = h.window_start
     WHERE ${chunkWindows('c')}`,
    params,
  );
  await visitChunks(storedRows, (id, run) => {
    stored.set(storedKey(id, windowStart(run.timestamps[0]!, w)), { timestamps: run.timestamps.slice(), values: run.values.slice() });
  });

  const rows = new TableColumns('sample_chunks', TABLE_TYPES.sample_chunks);
  const merged = new SampleBuffer();
  let headRows = 0;
  const head = await connection.run(`SELECT ${HEAD_COLUMNS} FROM samples WHERE ${headFilter}`, params);
  await visitHeadSeries(head, (id, run) => {
    headRows += run.timestamps.length;
    const ts = run.timestamps;
    for (let from = 0; from < ts.length; ) {
      const window = windowStart(ts[from]!, w);
      const to = lowerBound(ts, window + w);
      const fresh = { timestamps: ts.subarray(from, to), values: run.values.subarray(from, to) };
      const old = stored.get(storedKey(id, window));
      let chunk = fresh;
      if (old) {
        merged.clear();
        appendMerged(merged, old, fresh);
        chunk = merged.view();
      }
      pushChunk(rows.columns, slice.tenant, id, window, chunk);
      from = to;
    }
  });
  if (headRows === 0) return NOTHING_COMPACTED;

  if (stored.size > 0) {
    await connection.run(
      `DELETE FROM sample_chunks USING (${headWindows}) h
       WHERE ${chunkWindows('sample_chunks')}
         AND sample_chunks.series_id = h.series_id AND sample_chunks.window_start = h.window_start`,
      params,
    );
  }
  await connection.run(`DELETE FROM samples WHERE ${headFilter}`, params);
  await appendTable(connection, rows);
  return { headRows, chunks: rows.rowCount, mergedChunks: stored.size };
}

function pushChunk(columns: DuckDBValue[][], tenant: TenantId, id: bigint, window: number, run: SampleRun): void {
  const n = run.timestamps.length;
  const row: DuckDBValue[] = [
    tenant,
    id,
    BigInt(window),
    BigInt(run.timestamps[0]!),
    BigInt(run.timestamps[n - 1]!),
    n,
    blobValue(encodeXorChunk(run.timestamps, run.values)),
  ];
  for (let i = 0; i < row.length; i++) columns[i]!.push(row[i]!);
}
