import { DuckDBDataChunk, type DuckDBConnection } from '@duckdb/node-api';
import type { TableColumns } from './table-columns.js';

/** DuckDB's vector size: a data chunk holds at most this many rows. */
const CHUNK_ROWS = 2048;

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Appends rows through the data-chunk appender (the fast path; the row-by-row MAP appender
 * runs away with memory). Appending is synchronous native work, so it yields to the event
 * loop between chunks to keep request handling responsive during large commits.
 */
export async function appendTable(connection: DuckDBConnection, rows: TableColumns): Promise<void> {
  const types = rows.types;
  const appender = await connection.createAppender(rows.table);
  try {
    const total = rows.rowCount;
    for (let offset = 0; offset < total; offset += CHUNK_ROWS) {
      const end = Math.min(total, offset + CHUNK_ROWS);
      const chunk = DuckDBDataChunk.create(types, end - offset);
      chunk.setColumns(offset === 0 && end === total ? rows.columns : rows.columns.map((c) => c.slice(offset, end)));
      appender.appendDataChunk(chunk);
      if (end < total) await yieldToEventLoop();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}
