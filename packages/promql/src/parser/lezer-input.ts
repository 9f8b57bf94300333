import type { Tree } from '@lezer/common';
import { parser } from '@prometheus-io/lezer-promql';
import type { Token } from './tokens.js';

/*
 * The text lezer-promql parses: the query with a few tokens swapped for stand-ins of the same
 * length, where Go's lexer and grammar take what lezer's do not. Offsets stay as they were, and
 * the builders read what was written from the query itself and from Prometheus' tokens.
 */

export interface LezerParse {
  readonly tree: Tree;
  /** UTF-16 starts of identifiers called as functions that lezer-promql does not know. */
  readonly unknownCalls: ReadonlySet<number>;
}

/**
 * lezer-promql's tree of a query. lezer knows the names of Prometheus' functions and stops at
 * the `(` after any other name; Prometheus reads the arguments first and then reports the
 * name. So an unknown name gets the stand-in `ln` (the shortest function name) and a parse of
 * its arguments, and the builder reports it.
 */
export function parseLezer(query: string, tokens: readonly Token[]): LezerParse {
  let input = lezerInput(query, tokens);
  let tree = parser.parse(input);
  const unknownCalls = new Set<number>();
  for (let call = unknownCall(tree, tokens); call && !unknownCalls.has(call.start); call = unknownCall(tree, tokens)) {
    unknownCalls.add(call.start);
    input = input.slice(0, call.start) + 'ln'.padEnd(call.text.length) + input.slice(call.end);
    tree = parser.parse(input);
  }
  return { tree, unknownCalls };
}

/** The identifier before a `(` where lezer's first error is, if a stand-in fits it. */
function unknownCall(tree: Tree, tokens: readonly Token[]): Token | undefined {
  const errorAt = firstErrorAt(tree) ?? Infinity;
  const i = tokens.findIndex((t) => t.end > errorAt);
  const name = tokens[i - 1];
  return tokens[i]?.text === '(' && name?.kind === 'identifier' && name.text.length >= 2 ? name : undefined;
}

/** Where lezer's first error node starts (UTF-16), if it recovered from any. */
export function firstErrorAt(tree: Tree): number | undefined {
  let found: number | undefined;
  tree.iterate({
    enter: (node) => {
      if (found === undefined && node.type.isError) found = node.from;
      return found === undefined;
    },
  });
  return found;
}

/** A number or duration lezer's tokenizer reads as one token, as Go's lexer does. */
const LEZER_NUMBER =
  /^(?:(?:\d+(?:_?\d)*(?:\.\d+(?:_?\d)*)?|\.\d+(?:_?\d)*)(?:[eE][+-]?\d+(?:_?\d)*)?|0x[\da-fA-F]+|(?=\d)(?:\d+y)?(?:\d+w)?(?:\d+d)?(?:\d+h)?(?:\d+m)?(?:\d+s)?(?:\d+ms)?|[iI][nN][fF]|[nN][aA][nN])$/;

/** Functions Prometheus 3 calls anywhere and lezer-promql only inside durations; `minute` is a call lezer knows, of the same length. */
const DURATION_FUNCTIONS = new Set(['min_of', 'max_of']);

function lezerInput(query: string, tokens: readonly Token[]): string {
  let out = query;
  const replace = (token: Token, standIn: string): void => {
    out = out.slice(0, token.start) + standIn.padEnd(token.text.length) + out.slice(token.end);
  };
  let brackets = 0;
  tokens.forEach((token, i) => {
    if (token.text === '[') brackets++;
    if (token.text === ']') brackets--;
    const isNumber = token.kind === 'number' || token.kind === 'duration';
    // `1.`, `0X1F`, and durations Go's lexer takes before its parser refuses them (`5m1h`).
    // A number right after an identifier starts with a dot (`foo.5`); so must its stand-in, or the two would merge.
    if (isNumber && !LEZER_NUMBER.test(token.text)) replace(token, token.text.startsWith('.') ? '.0' : '0');
    // Go's grammar takes `offset` as a metric name where an expression starts; lezer reserves it.
    if (token.kind === 'keyword' && token.text.toLowerCase() === 'offset' && startsExpression(tokens, i)) replace(token, 'metric');
    if (token.kind === 'preprocessor' && DURATION_FUNCTIONS.has(token.text) && tokens[i + 1]?.text === '(' && brackets === 0 && !afterOffset(tokens, i)) {
      replace(token, 'minute');
    }
  });
  return out;
}

function afterOffset(tokens: readonly Token[], i: number): boolean {
  const previous = tokens[i - 1]?.text.toLowerCase();
  return previous === 'offset' || ((previous === '-' || previous === '+') && tokens[i - 2]?.text.toLowerCase() === 'offset');
}

/** Whether an expression may start at token i: after an operator, `(`, `,`, or at the start of the query. */
export function startsExpression(tokens: readonly Token[], i: number): boolean {
  const previous = tokens[i - 1];
  if (!previous) return true;
  // `and`, `or` and `unless` where an expression starts are metric names, not operators.
  if (previous.kind === 'operator' && /^[a-z]/i.test(previous.text) && startsExpression(tokens, i - 1)) return false;
  if (previous.kind === 'operator') return previous.text !== '@';
  return previous.kind === 'punctuation' && (previous.text === '(' || previous.text === ',');
}
