import type { WriteBatch } from '@braid/store';
import type { KnownIds } from './known-ids.js';
import { addLogs } from './log-rows.js';
import { addSamples } from './sample-rows.js';
import { TableRows } from './table-columns.js';
import { addTraces } from './trace-rows.js';

/** Turns a write batch into table rows; new resources, scopes, streams and series are claimed in `ids`. */
export function rowsOfBatch(batch: WriteBatch, ids: KnownIds): TableRows {
  const rows = new TableRows();
  for (const item of batch) {
    switch (item.kind) {
      case 'traces':
        addTraces(rows, ids, item.tenant, item.data);
        break;
      case 'logs':
        addLogs(rows, ids, item.tenant, item.data);
        break;
      case 'samples':
        addSamples(rows, ids, item.tenant, item.data);
        break;
    }
  }
  return rows;
}
