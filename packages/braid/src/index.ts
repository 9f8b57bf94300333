export type { BraidConfig } from './config.js';
export { ConfigError, resolveConfig, SETTINGS, usage } from './config.js';
export type { Braid } from './braid.js';
export { startBraid } from './braid.js';
export type { Scraping } from './scraping.js';
