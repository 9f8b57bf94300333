import type { DuckDBConnection } from '@duckdb/node-api';

export const SAMPLE_LAYOUT_SCHEMA = 'CREATE TABLE IF NOT EXISTS sample_layout (window_ms BIGINT NOT NULL)';

/**
 * The chunk window length of this database. Chunks must not overlap (reads concatenate a
 * series' chunks in window order; compaction finds the chunk to merge into by window start), so
 * the length is fixed when the first store opens the file; a different `sampleWindowMs` later
 * is ignored.
 */
export async function chunkWindowMs(connection: DuckDBConnection, requested: number): Promise<number> {
  const stored = await connection.runAndReadAll('SELECT window_ms::DOUBLE FROM sample_layout');
  const [row] = stored.getRows();
  if (row) return row[0] as number;
  const windowMs = Math.floor(requested);
  if (!(windowMs >= 1)) throw new Error(`sampleWindowMs must be at least 1 ms, got ${requested}`);
  await connection.run('INSERT INTO sample_layout VALUES (?)', [BigInt(windowMs)]);
  return windowMs;
}
