export type { DuckDbStoreOptions } from './duckdb-store.js';
export { openDuckDbStore } from './duckdb-store.js';
