import type { Tree } from '@lezer/common';
import type { PromQLError } from '../query.js';
import type { TokenIndex } from './build-context.js';
import type { QueryText } from './query-text.js';
import { goQuote } from './strings.js';
import type { LexicalError, Token } from './tokens.js';

/*
 * lezer recovers from syntax errors with error nodes; Prometheus' yacc parser reports the first
 * unexpected token, with the grammar rule it was in. This words lezer's first error node the
 * way Prometheus would, from the tokens of Prometheus' lexer around it.
 */

const GROUPING_KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);

/** The first syntax or lexical error of a query, as Prometheus words it; undefined when there is none. */
export function syntaxError(query: QueryText, tree: Tree, tokens: TokenIndex, lexical: LexicalError | undefined): PromQLError | undefined {
  const errorIndex = firstErrorNode(tree);
  if (lexical && (errorIndex === undefined || errorIndex >= lexical.from)) return query.errorAtIndex(lexical.index, lexical.message);
  if (tokens.all.length === 0) return query.errorAt(0, 'no expression found in input');
  if (errorIndex === undefined) return undefined;
  const token = tokens.at(errorIndex);
  const previous = tokens.all[token ? tokens.all.indexOf(token) - 1 : tokens.all.length - 1];
  if (token?.text === '(' && previous?.kind === 'identifier') {
    return query.errorAtIndex(previous.start, `unknown function with name ${goQuote(previous.text)}`);
  }
  if (token?.text === ')' && previous?.text === ',') {
    return query.errorAtIndex(previous.start, 'trailing commas not allowed in function call args');
  }
  const at = token?.start ?? query.text.length;
  return query.errorAtIndex(at, `unexpected ${describeToken(token)}${context(tokens.all, token)}`);
}

function firstErrorNode(tree: Tree): number | undefined {
  let found: number | undefined;
  tree.iterate({
    enter: (node) => {
      if (found === undefined && node.type.isError) found = node.from;
      return found === undefined;
    },
  });
  return found;
}

type Open = { readonly kind: 'paren' | 'grouping' | 'braces' | 'brackets'; colon: boolean };

/** The grammar rule Prometheus' parser names for an unexpected token, from the tokens before it. */
function context(all: readonly Token[], token: Token | undefined): string {
  const end = token ? all.indexOf(token) : all.length;
  const stack: Open[] = [];
  for (let i = 0; i < end; i++) {
    const text = all[i]!.text;
    if (text === '(') stack.push({ kind: GROUPING_KEYWORDS.has(all[i - 1]?.text.toLowerCase() ?? '') ? 'grouping' : 'paren', colon: false });
    else if (text === '{') stack.push({ kind: 'braces', colon: false });
    else if (text === '[') stack.push({ kind: 'brackets', colon: false });
    else if (text === ':' && stack.at(-1)?.kind === 'brackets') stack.at(-1)!.colon = true;
    else if (text === ')' || text === '}' || text === ']') stack.pop();
  }
  const previous = all[end - 1];
  const beforePrevious = all[end - 2];
  const open = stack.at(-1);
  const word = previous?.text.toLowerCase();
  if (open?.kind === 'braces') return labelMatchingContext(previous, beforePrevious);
  if (open?.kind === 'grouping') return word === '(' || word === ',' ? ' in grouping opts, expected label' : ' in grouping opts, expected "," or ")"';
  if (word && GROUPING_KEYWORDS.has(word) && token?.text !== '(') return ' in grouping opts, expected "("';
  if (word === 'offset') return ' in offset, expected number, duration, step(), or range()';
  if (word === '@') return ' in @, expected timestamp';
  if (open?.kind === 'brackets') {
    if (word === '[') return ' in subquery or range selector, expected number, duration, step(), or range()';
    if (word === ':') return ' in subquery selector, expected number, duration, step(), range(), or "]"';
    return open.colon ? ' in subquery selector, expected "]"' : ' in subquery or range, expected ":" or "]"';
  }
  return '';
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
