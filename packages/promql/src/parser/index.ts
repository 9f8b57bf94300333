import { parser } from '@prometheus-io/lezer-promql';
import type { Expr } from '../ast.js';
import { expressions, TokenIndex, type BuildContext } from './build-context.js';
import { buildExpr } from './expression.js';
import { QueryText } from './query-text.js';
import { syntaxError } from './syntax-errors.js';
import { lex, type Token } from './tokens.js';
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

/** A number or duration lezer's tokenizer reads as one token, as Go's lexer does. */
const LEZER_NUMBER =
  /^(?:(?:\d+(?:_?\d)*(?:\.\d+(?:_?\d)*)?|\.\d+(?:_?\d)*)(?:[eE][+-]?\d+(?:_?\d)*)?|0x[\da-fA-F]+|(?=\d)(?:\d+y)?(?:\d+w)?(?:\d+d)?(?:\d+h)?(?:\d+m)?(?:\d+s)?(?:\d+ms)?)$/;

/**
 * The text lezer parses. Go's lexer takes numbers lezer's does not (`1.`, `0X1F`, `5m1h` before
 * it is refused as a duration); lezer gets a `0` padded to the same length in their place, so
 * every offset stays, and the builders read the number from Prometheus' tokens.
 */
function lezerInput(query: string, tokens: readonly Token[]): string {
  let out = query;
  for (const token of tokens) {
    const isNumber = token.kind === 'number' || token.kind === 'duration';
    if (!isNumber || LEZER_NUMBER.test(token.text) || /^(inf|nan)$/i.test(token.text)) continue;
    out = out.slice(0, token.start) + '0'.padEnd(token.text.length) + out.slice(token.end);
  }
  return out;
}
