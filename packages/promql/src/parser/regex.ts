import { anchoredGoRegExp, goRegexSource } from '@braid/store';

/*
 * Label regexes are Go RE2; the store runs them as JS RegExps. A pattern RE2 refuses must fail
 * the query as Prometheus' parser fails it, even where JS would take it (lookarounds,
 * backreferences, a `)` that closes the anchoring group).
 */

const GO_REASONS: readonly (readonly [RegExp, string])[] = [
  [/Unterminated group/, 'missing closing )'],
  [/Unmatched '\)'/, 'unexpected )'],
  [/Nothing to repeat/, 'missing argument to repetition operator'],
  [/Unterminated character class/, 'missing closing ]'],
  [/\\ at end of pattern/, 'trailing backslash at end of expression'],
  [/numbers out of order/, 'invalid repeat count'],
];

/** Why Go's regexp package refuses a label regex, worded as it does; undefined when it compiles. */
export function regexError(pattern: string): string | undefined {
  const lookaround = /\(\?<?[=!]/.exec(pattern);
  if (lookaround) return `error parsing regexp: invalid or unsupported Perl syntax: \`${lookaround[0]}\``;
  const backreference = /(?<!\\)(?:\\\\)*(\\[1-9])/.exec(pattern);
  if (backreference) return `error parsing regexp: invalid escape sequence: \`${backreference[1]}\``;
  try {
    new RegExp(goRegexSource(pattern), 's');
    anchoredGoRegExp(pattern);
    return undefined;
  } catch (error) {
    const reason = (error as Error).message.replace(/^.*: /, '');
    const goReason = GO_REASONS.find(([js]) => js.test(reason))?.[1] ?? reason.toLowerCase();
    return `error parsing regexp: ${goReason}: \`${pattern}\``;
  }
}
