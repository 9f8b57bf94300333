import type { Tree } from '@lezer/common';
import type { PromQLError } from '../query.js';
import type { TokenIndex } from './build-context.js';
import { firstErrorAt, startsExpression } from './lezer-input.js';
import type { QueryText } from './query-text.js';
import { goQuote } from './strings.js';
import type { LexicalError, Token } from './tokens.js';

/*
 * lezer recovers from syntax errors with error nodes; Prometheus' yacc parser reports the first
 * unexpected token, with the grammar rule it was in. This words lezer's first error node the
 * way Prometheus would, from the tokens of Prometheus' lexer around it.
 */

const GROUPING_KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);

export interface SyntaxFailure {
  readonly error: PromQLError;
  /**
   * Where Prometheus' parser would stop (UTF-16). It reduces what comes before first, so an error
   * in that part, an offset on a number say, is reported before this one.
   */
  readonly stopsAt: number;
}

/** The first syntax or lexical error of a query, as Prometheus words it; undefined when there is none. */
export function syntaxError(query: QueryText, tree: Tree, tokens: TokenIndex, lexical: LexicalError | undefined): SyntaxFailure | undefined {
  const misplaced = misplacedAtan2(tokens.all)?.start;
  const lezerError = firstErrorAt(tree);
  const errorIndex = misplaced !== undefined && (lezerError === undefined || misplaced < lezerError) ? misplaced : lezerError;
  if (tokens.all.length === 0 && !lexical) return { error: query.errorAt(0, 'no expression found in input'), stopsAt: 0 };
  if (lexical && (errorIndex === undefined || errorIndex >= lexical.from)) {
    return { error: query.errorAtIndex(lexical.index, lexical.message), stopsAt: lexical.from };
  }
  if (errorIndex === undefined) return undefined;
  const token = tokens.at(errorIndex);
  const previous = tokens.all[token ? tokens.all.indexOf(token) - 1 : tokens.all.length - 1];
  // A one-letter name, too short for the stand-in that lets lezer read the arguments (lezer-input.ts).
  // Prometheus checks the name once the arguments are read, which a lexical error further on prevents.
  if (token?.text === '(' && previous?.kind === 'identifier' && !lexical) {
    return { error: query.errorAtIndex(previous.start, `unknown function with name ${goQuote(previous.text)}`), stopsAt: previous.start };
  }
  if (token?.text === ')' && previous?.text === ',') {
    return { error: query.errorAtIndex(previous.start, 'trailing commas not allowed in function call args'), stopsAt: previous.start };
  }
  const at = token?.start ?? query.text.length;
  return { error: query.errorAtIndex(at, `unexpected ${describeToken(token)}${context(tokens.all, token)}`), stopsAt: at };
}

/**
 * `atan2` where an expression starts: lezer takes it for a metric name, as it does every
 * contextual keyword; Prometheus' grammar takes all the others but not this one.
 */
function misplacedAtan2(all: readonly Token[]): Token | undefined {
  return all.find((t, i) => t.kind === 'operator' && t.text.toLowerCase() === 'atan2' && startsExpression(all, i));
}

type Open = { readonly kind: 'paren' | 'aggregation' | 'grouping' | 'braces' | 'brackets'; readonly ofAggregation: boolean; colon: boolean };

/** The grammar rule Prometheus' parser names for an unexpected token, from the tokens before it. */
function context(all: readonly Token[], token: Token | undefined): string {
  const end = token ? all.indexOf(token) : all.length;
  const stack: Open[] = [];
  let aggregationGroupingClosedAt: number | undefined;
  for (let i = 0; i < end; i++) {
    const text = all[i]!.text;
    const before = all[i - 1];
    if (text === '(') {
      const grouping = GROUPING_KEYWORDS.has(before?.text.toLowerCase() ?? '');
      const aggregation = before?.kind === 'aggregator' || aggregationGroupingClosedAt === i - 1;
      stack.push({ kind: grouping ? 'grouping' : aggregation ? 'aggregation' : 'paren', ofAggregation: grouping && all[i - 2]?.kind === 'aggregator', colon: false });
    } else if (text === '{') stack.push({ kind: 'braces', ofAggregation: false, colon: false });
    else if (text === '[') stack.push({ kind: 'brackets', ofAggregation: false, colon: false });
    else if (text === ':' && stack.at(-1)?.kind === 'brackets') stack.at(-1)!.colon = true;
    else if (text === ')' || text === '}' || text === ']') {
      if (stack.pop()?.ofAggregation) aggregationGroupingClosedAt = i;
    }
  }
  const previous = all[end - 1];
  const beforePrevious = all[end - 2];
  const open = stack.at(-1);
  const word = previous?.text.toLowerCase();
  if (open?.kind === 'braces') return labelMatchingContext(previous, beforePrevious);
  if (open?.kind === 'grouping') return word === '(' || word === ',' ? ' in grouping opts, expected label' : ' in grouping opts, expected "," or ")"';
  if (word && GROUPING_KEYWORDS.has(word) && token?.text !== '(') return ' in grouping opts, expected "("';
  if (word === 'offset' && !startsExpression(all, end - 1)) return ' in offset, expected number, duration, step(), or range()';
  if (word === '@') return ' in @, expected timestamp';
  if (aggregationGroupingClosedAt !== undefined && aggregationGroupingClosedAt === end - 1) return ' in aggregation';
  if (open?.kind === 'brackets') {
    if (word === '[') return ' in subquery or range selector, expected number, duration, step(), or range()';
    if (word === ':') return ' in subquery selector, expected number, duration, step(), range(), or "]"';
    return open.colon ? ' in subquery selector, expected "]"' : ' in subquery or range, expected ":" or "]"';
  }
  // Inside an aggregation's arguments, the parser recovers in the aggregation rule, however deep.
  return stack.some((o) => o.kind === 'aggregation') ? ' in aggregation' : '';
}

function labelMatchingContext(previous: Token | undefined, beforePrevious: Token | undefined): string {
  const text = previous?.text;
  if (text === '{' || text === ',') return ' in label matching, expected identifier or "}"';
  if (text === '=' || previous?.kind === 'operator') return ' in label matching, expected string';
  const namePosition = beforePrevious?.text === '{' || beforePrevious?.text === ',';
  if (previous?.kind === 'identifier' && namePosition) return ' in label matching, expected label matching operator';
  return ' in label matching, expected "," or "}"';
}

/** A token as Prometheus names it in "unexpected …" messages (Item.desc). */
export function describeToken(token: Token | undefined): string {
  if (!token) return 'end of input';
  switch (token.kind) {
    case 'keyword':
      return `<${token.text}>`;
    case 'operator':
      return `<op:${token.text}>`;
    case 'aggregator':
      return `<aggr:${token.text}>`;
    case 'punctuation':
    case 'preprocessor':
      return goQuote(token.text);
    case 'identifier':
      return `identifier ${goQuote(token.text)}`;
    case 'metricIdentifier':
      return `metric identifier ${goQuote(token.text)}`;
    case 'number':
    case 'duration':
    case 'string':
      return `${token.kind} ${shortQuote(token.text)}`;
  }
}

/** Go's `%.10q...` for long token values. */
function shortQuote(text: string): string {
  const runes = [...text];
  return runes.length > 10 ? `${goQuote(runes.slice(0, 10).join(''))}...` : goQuote(text);
}
