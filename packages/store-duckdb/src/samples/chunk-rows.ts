import type { DuckDBBlobVector, DuckDBResult } from '@duckdb/node-api';
import { decodeXorChunk } from '../codec/xor-chunk.js';
import { forEachChunk, uint64s } from '../read/column-arrays.js';
import type { SampleRun } from './sample-buffer.js';

/**
 * Decodes each row of a `SELECT series_id, chunk FROM sample_chunks …` result and hands it to
 * `visit`, in result order. Decoding stops past `until` (see decodeXorChunk).
 */
export async function visitChunks(result: DuckDBResult, visit: (seriesId: bigint, run: SampleRun) => void, until = Infinity): Promise<void> {
  await forEachChunk(result, (chunk) => {
    const ids = uint64s(chunk, 0);
    const blobs = chunk.getColumnVector(1) as DuckDBBlobVector;
    for (let i = 0; i < chunk.rowCount; i++) {
      const bytes = blobs.getItemBytes(i);
      if (bytes) visit(ids[i]!, decodeXorChunk(bytes, until));
    }
  });
}
