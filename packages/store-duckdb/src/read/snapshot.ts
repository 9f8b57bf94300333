import type { DuckDBConnection } from '@duckdb/node-api';

/**
 * Runs several queries in one read transaction, so they all see one snapshot. Sample reads need
 * it: a compaction committing between the chunk query and the head query would otherwise make
 * a slice's samples show up twice or not at all.
 */
export async function inSnapshot<T>(connection: DuckDBConnection, work: () => Promise<T>): Promise<T> {
  await connection.run('BEGIN TRANSACTION');
  try {
    const result = await work();
    await connection.run('COMMIT');
    return result;
  } catch (error) {
    await connection.run('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
