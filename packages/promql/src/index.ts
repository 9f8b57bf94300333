export * from './ast.js';
export * from './function-signatures.js';
export * from './query.js';
export { formatGoFloat } from './go-float.js';
export * from './engine/index.js';
export { parseExpr, formatExpr, type ParseOptions } from './parser/index.js';
export { compareLabels } from './engine/labels.js';
