export { createQueryEngine, type QueryEngineOptions } from './engine.js';
