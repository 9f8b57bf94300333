import { parser } from '@prometheus-io/lezer-promql';
import type { Expr } from '../ast.js';
import { expressions, TokenIndex, type BuildContext } from './build-context.js';
import { buildExpr } from './expression.js';
import { QueryText } from './query-text.js';
import { syntaxError } from './syntax-errors.js';
import { lezerInput } from './lezer-input.js';
import { lex } from './tokens.js';
import { checkTypes } from './type-check.js';

export { formatExpr } from './format.js';

export interface ParseOptions {
  /** Accept functions behind Prometheus' promql-experimental-functions flag, and duration expressions (default true). */
  readonly experimental?: boolean;
}

/** Parses PromQL with lezer-promql (the grammar of Prometheus' own UI) into a type-checked AST; throws PromQLError bad_data. */
export function parseExpr(query: string, options: ParseOptions = {}): Expr {
  const text = new QueryText(query);
  const lexed = lex(query);
  const tokens = new TokenIndex(lexed.tokens);
  const tree = parser.parse(lezerInput(query, lexed.tokens));
  const error = syntaxError(text, tree, tokens, lexed.error);
  if (error) throw error;
  const ctx: BuildContext = { query: text, tokens, experimental: options.experimental ?? true, expr: (node) => buildExpr(ctx, node) };
  return checkTypes(text, ctx.expr(expressions(tree.topNode)[0]!));
}
