import type { Expr } from '../ast.js';
import { PromQLError } from '../query.js';
import { expressions, TokenIndex, type BuildContext } from './build-context.js';
import { buildExpr } from './expression.js';
import { parseLezer } from './lezer-input.js';
import { QueryText } from './query-text.js';
import { syntaxError } from './syntax-errors.js';
import { lex } from './tokens.js';
import { checkTypes } from './type-check.js';

export { formatExpr } from './format.js';

export interface ParseOptions {
  /** Accept functions behind Prometheus' promql-experimental-functions flag, and duration expressions (default true). */
  readonly experimental?: boolean;
}

/** Parses PromQL with lezer-promql (the grammar of Prometheus' own UI) into a type-checked AST; throws PromQLError bad_data. */
export function parseExpr(query: string, options: ParseOptions = {}): Expr {
  const experimental = options.experimental ?? true;
  const built = build(query, experimental);
  if (built.kind === 'tree') return checkTypes(built.query, built.expr);
  if (built.kind === 'invalid') throw built.error;
  throw errorBefore(query, built.stopsAt, experimental) ?? built.error;
}

/** At most this many prefixes are tried for an earlier error, so a long broken query stays cheap. */
const PREFIXES_TRIED = 64;

/**
 * Prometheus' parser checks each construct as it completes, and reports the first error it
 * collects: an offset on a number in `0.5 offset 5m )` comes before the stray `)`. The
 * shortest complete prefix before a syntax error that fails to build has that earlier error.
 */
function errorBefore(query: string, stopsAt: number, experimental: boolean): PromQLError | undefined {
  const ends = lex(query.slice(0, stopsAt))
    .tokens.filter((t) => t.kind !== 'operator' && t.kind !== 'keyword' && !['(', '[', '{', ',', ':', '='].includes(t.text))
    .map((t) => t.end);
  for (const end of ends.slice(0, PREFIXES_TRIED)) {
    const prefix = build(query.slice(0, end), experimental);
    if (prefix.kind === 'invalid') return prefix.error;
  }
  return undefined;
}

type Built =
  | { readonly kind: 'tree'; readonly query: QueryText; readonly expr: Expr }
  | { readonly kind: 'syntax'; readonly error: PromQLError; readonly stopsAt: number }
  /** Well formed, but refused while the tree is built (an offset on a number, a bad regex, an unknown function). */
  | { readonly kind: 'invalid'; readonly error: PromQLError };

/** The tree of a query before type checks, as lezer-promql reads it with Prometheus' tokens. */
function build(query: string, experimental: boolean): Built {
  const text = new QueryText(query);
  const lexed = lex(query);
  const tokens = new TokenIndex(lexed.tokens);
  const { tree, unknownCalls } = parseLezer(query, lexed.tokens);
  const syntax = syntaxError(text, tree, tokens, lexed.error);
  if (syntax) return { kind: 'syntax', ...syntax };
  const ctx: BuildContext = { query: text, tokens, experimental, unknownCalls, expr: (node) => buildExpr(ctx, node) };
  try {
    return { kind: 'tree', query: text, expr: ctx.expr(expressions(tree.topNode)[0]!) };
  } catch (error) {
    if (error instanceof PromQLError) return { kind: 'invalid', error };
    throw error;
  }
}
