export type { ServerOptions, RunningServer } from './server.js';
export { startServer } from './server.js';
export type { RequestLimits } from './limits.js';
export { DEFAULT_REQUEST_LIMITS } from './limits.js';
