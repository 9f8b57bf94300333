export type { DuckDbStoreOptions, DuckDbStore } from './duckdb-store.js';
export type { CompactionResult } from './samples/compaction.js';
export { openDuckDbStore } from './duckdb-store.js';
