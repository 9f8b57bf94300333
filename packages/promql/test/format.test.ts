import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatExpr, parseExpr, type Expr } from '../src/index.js';
import { arbitraryExpr } from './parser/arbitrary-expr.js';

// Input → what Prometheus' Expr.String() prints for it; most rows are from Prometheus'
// promql/parser/printer_test.go (Apache-2.0). An empty output means the input is canonical.
const PRINTED: readonly (readonly [input: string, output: string])[] = [
  ['sum by() (task:errors:rate10s{job="s"})', 'sum(task:errors:rate10s{job="s"})'],
  ['sum by(code) (task:errors:rate10s{job="s"})', 'sum by (code) (task:errors:rate10s{job="s"})'],
  ['sum without() (task:errors:rate10s{job="s"})', 'sum without () (task:errors:rate10s{job="s"})'],
  ['sum without(instance) (task:errors:rate10s{job="s"})', 'sum without (instance) (task:errors:rate10s{job="s"})'],
  ['sum by("foo.bar") (task:errors:rate10s{job="s"})', 'sum by ("foo.bar") (task:errors:rate10s{job="s"})'],
  ['topk(5, task:errors:rate10s{job="s"})', ''],
  ['count_values("value", task:errors:rate10s{job="s"})', ''],
  ['a - on() c', 'a - on () c'],
  ['a - on(b) group_left(x, y) c', 'a - on (b) group_left (x, y) c'],
  ['a - on(b) group_left c', 'a - on (b) group_left () c'],
  ['a - ignoring(b) c', 'a - ignoring (b) c'],
  ['a - ignoring() c', 'a - c'],
  ['a + ignoring() group_left() b', 'a + ignoring () group_left () b'],
  ['a and b', ''],
  ['a and on() b', 'a and on () b'],
  ['a == bool 1', ''],
  ['up > bool 0', ''],
  ['a offset 1m', ''],
  ['a offset -7m', ''],
  ['a{c="d"}[5m] offset 1m', ''],
  ['a[5m] offset 1m', ''],
  ['a[12m] offset -3m', ''],
  ['a[1h:5m] offset 1m', ''],
  ['{__name__="a"}', ''],
  ['a{b!="c"}[1m]', ''],
  ['a{b=~"c"}[1m]', ''],
  ['a{b!~"c"}[1m]', ''],
  ['a @ 10', 'a @ 10.000'],
  ['a[1m] @ 10', 'a[1m] @ 10.000'],
  ['a @ start()', ''],
  ['a @ end()', ''],
  ['a[1m] @ start()', ''],
  ['a[1m] @ end()', ''],
  ['a offset 1m @ 10', 'a @ 10.000 offset 1m'],
  ['a{c="d"}[1h:5m] @ 1000 offset 1m', 'a{c="d"}[1h:5m] @ 1000.000 offset 1m'],
  ['a[8d]', ''],
  ['a[14d]', 'a[2w]'],
  ['a[90m]', 'a[1h30m]'],
  ['a[1500ms]', 'a[1s500ms]'],
  ['1e10', '10000000000'],
  ['-Inf + NaN * +Inf', '-Inf + NaN * +Inf'],
  ['Inf ^ 2', 'Inf ^ 2'],
  ['foo ^ Inf ^ 2', 'foo ^ Inf ^ 2'],
  ['count_values("a\\x00b\\u00e9", x)', 'count_values("a\\x00bé", x)'],
  ["'single \"quotes\"'", '"single \\"quotes\\""'],
  ['{"some.metric", b="c"}', '{__name__="some.metric",b="c"}'],
  ['foo{z="1", a="2"}', 'foo{a="2",z="1"}'],
  ['foo{"a.b"="c"}', 'foo{"a.b"="c"}'],
  ['sum(foo) without ("a.b", c)', 'sum without ("a.b", c) (foo)'],
  ['-(1 + 2) ^ 2', ''],
  ['(-2) ^ 2', ''],
  ['-2 ^ 2', ''],
  ['- - 1', '1'],
  ['foo + bar offset 5m * baz', ''],
  ['rate(foo[5m])[1h:] @ start() offset 1m', ''],
  ['label_replace(a, "x", "$1", "y", "(.*)")', ''],
];

describe('formatExpr', () => {
  it.each(PRINTED)('%s', (input, output) => {
    expect(formatExpr(parseExpr(input))).toBe(output || input);
  });
});

/** An AST without positions and with matchers in one order: the printer sorts them, as Prometheus does. */
function comparable(expr: Expr): unknown {
  return JSON.parse(
    JSON.stringify(expr, (key, value: unknown) => {
      if (key === 'position') return undefined;
      if (key === 'matchers') return [...(value as { name: string; op: string; value: string }[])].sort((a, b) => `${a.name}\0${a.op}\0${a.value}`.localeCompare(`${b.name}\0${b.op}\0${b.value}`));
      if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
      return value;
    }),
  );
}

describe('formatExpr and parseExpr', () => {
  it('round-trip every well-typed tree', () => {
    fc.assert(
      fc.property(arbitraryExpr(), (expr) => {
        const text = formatExpr(expr);
        expect(comparable(parseExpr(text)), text).toEqual(comparable(expr));
      }),
      { numRuns: 2000 },
    );
  });
});
