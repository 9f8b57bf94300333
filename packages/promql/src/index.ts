export * from './ast.js';
export * from './function-signatures.js';
export * from './query.js';
