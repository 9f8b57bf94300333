import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatExpr, parseExpr, PromQLError, type Expr } from '../src/index.js';
import { ERROR_CASES, EXPERIMENTAL_CASES, PROMETHEUS_ERROR_CASES, UNSUPPORTED_CASES } from './parser/errors.cases.js';
import { EXPRESSION_CASES } from './parser/expressions.cases.js';
import { syntaxTree } from './parser/syntax-tree.js';

/** The error parseExpr throws for a query, or undefined when it parses. */
function parseError(query: string, experimental = true): PromQLError | undefined {
  try {
    parseExpr(query, { experimental });
    return undefined;
  } catch (error) {
    if (error instanceof PromQLError) return error;
    throw error;
  }
}

describe('parseExpr', () => {
  it.each(EXPRESSION_CASES)('%s', (query, tree) => {
    expect(syntaxTree(parseExpr(query))).toBe(tree);
  });
});

describe('parse errors', () => {
  describe("Prometheus' own cases", () => {
    it.each(PROMETHEUS_ERROR_CASES)('%j', (query, message) => {
      const error = parseError(query);
      expect(error?.errorType).toBe('bad_data');
      expect(error?.message).toBe(message);
    });
  });

  it.each(ERROR_CASES)('%j', (query, message) => {
    expect(parseError(query)?.message).toBe(message);
  });

  describe('not supported by braid', () => {
    it.each(UNSUPPORTED_CASES)('%j', (query, message) => {
      expect(parseError(query)?.message).toBe(message);
    });
  });

  describe('experimental syntax, when not enabled', () => {
    it.each(EXPERIMENTAL_CASES)('%j', (query, message) => {
      expect(parseError(query, false)?.message).toBe(message);
      expect(parseError(query, true)).toBeUndefined();
    });
  });
});

/** A node of a tree by a path of field names and argument indices: 'rhs.args.0'. */
function nodeAt(expr: Expr, path: string): unknown {
  return path === '' ? expr : path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], expr);
}

// Byte offsets, as Prometheus' posrange counts them: `é` takes two.
const POSITION_CASES: readonly (readonly [query: string, path: string, start: number, end: number])[] = [
  ['-some_metric', '', 0, 12],
  ['-some_metric', 'expr', 1, 12],
  [' +{"some_metric"}', '', 1, 17],
  [' +{"some_metric"}', 'expr', 2, 17],
  ['- 1', '', 0, 3],
  ['-2 ^ 2', 'expr.lhs', 1, 2],
  ['rate(some_metric[5m])', '', 0, 21],
  ['rate(some_metric[5m])', 'args.0', 5, 20],
  ['rate(some_metric[5m])', 'args.0.selector', 5, 16],
  ['foo[5m] offset 1m @ 10', '', 0, 22],
  ['foo[5m] offset 1m @ 10', 'selector', 0, 3],
  ['foo offset 5m @ start()', '', 0, 23],
  ['sum by (foo)(some_metric)', '', 0, 25],
  ['sum by (foo)(some_metric)', 'expr', 13, 24],
  ['sum(some_metric) by (foo)', '', 0, 25],
  ['rate(x[5m])[1h:1m] offset 5m', '', 0, 28],
  ['a + b offset 5m * c', 'rhs', 4, 19],
  ['a + b offset 5m * c', 'rhs.lhs', 4, 15],
  ['(foo + bar)', 'expr.rhs', 7, 10],
  ['"a" # comment', '', 0, 3],
  ['1.', '', 0, 2],
  ['{a="é"} + b', 'lhs', 0, 8],
  ['{a="é"} + b', 'rhs', 11, 12],
  ['foo +\n  bar', 'rhs', 8, 11],
];

describe('positions', () => {
  it.each(POSITION_CASES)('%j at %j', (query, path, start, end) => {
    expect(nodeAt(parseExpr(query), path)).toMatchObject({ position: { start, end } });
  });
});

// Fragments of PromQL, glued with and without spaces: mostly nonsense, sometimes a query.
const FRAGMENTS = [
  'foo', 'bar:baz', 'sum', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'offset', '@', 'start()', 'end()',
  'rate', 'topk', 'count_values', 'min_of', 'step()', 'inf', 'NaN', '1', '-1', '1.', '.5', '0x1f', '5m', '1h30m', '"a"', "'b'", '`c`',
  '"\\x41"', '+', '-', '*', '/', '%', '^', '==', '!=', '>', '<=', '=~', '!~', '=', 'and', 'or', 'unless', 'atan2', '(', ')', '{', '}',
  '[', ']', ':', ',', '\n', '# c\n', 'é', 'fill(0)', 'anchored', '</', 'info', 'label_replace',
];

describe('any input', () => {
  it('parses to a tree that prints back stably, or fails with bad_data', () => {
    const text = fc.tuple(fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 14 }), fc.constantFrom('', ' ')).map(([parts, glue]) => parts.join(glue));
    fc.assert(
      fc.property(text, (query) => {
        let printed: string;
        try {
          printed = formatExpr(parseExpr(query));
        } catch (error) {
          expect(error).toBeInstanceOf(PromQLError);
          expect((error as PromQLError).errorType).toBe('bad_data');
          return;
        }
        expect(formatExpr(parseExpr(printed))).toBe(printed);
      }),
      { numRuns: 5000 },
    );
  });
});
