export type { BraidConfig } from './config.js';
export { resolveConfig, SETTINGS, usage } from './config.js';
export type { Braid } from './braid.js';
export { startBraid } from './braid.js';
