import { parser } from '@prometheus-io/lezer-promql';
import type { Expr } from '../ast.js';
import { AstBuilder } from './build-ast.js';
import { parseError } from './parse-error.js';
import { checkTypes } from './type-check.js';

export { formatExpr } from './format.js';

export interface ParseOptions {
  /** Accept functions behind Prometheus' promql-experimental-functions flag (default true). */
  readonly experimental?: boolean;
}

/**
 * Go's lexer reads `1.` as a number; lezer-promql's grammar does not. A space in place of the dot
 * (outside string literals) reads the same and keeps every offset, so error positions stay true.
 */
function withTrailingDotsSpaced(query: string): string {
  return query.replace(/("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`)|(\d)\.(?![\d\w])/g, (whole, quoted: string | undefined, digit: string | undefined) =>
    quoted ?? `${digit} `,
  );
}

/** Parses PromQL with lezer-promql (the grammar of Prometheus' own UI) into a type-checked AST; throws PromQLError bad_data. */
export function parseExpr(query: string, options: ParseOptions = {}): Expr {
  const tree = parser.parse(withTrailingDotsSpaced(query));
  let errorAt: number | undefined;
  tree.iterate({
    enter: (node) => {
      if (errorAt === undefined && node.type.isError) errorAt = node.from;
      return errorAt === undefined;
    },
  });
  if (errorAt !== undefined) {
    const near = query.slice(errorAt, errorAt + 12);
    throw parseError(query, errorAt, near ? `unexpected ${JSON.stringify(near)}` : 'unexpected end of input');
  }
  const expr = new AstBuilder(query).build(tree.topNode);
  return checkTypes(query, expr, options.experimental ?? true);
}
