import fc from 'fast-check';
import type { LabelMatcher } from '@braid/store';
import type { AggregateOp, AtModifier, Binary, BinaryOp, Expr, Unary, VectorMatching, VectorSelector } from '../../src/index.js';

/*
 * Well-typed ASTs as the parser builds them, for the print → parse property: what parseExpr
 * refuses (type errors, a sign folded into a number, operators whose printed form regroups)
 * is not generated, and parentheses are added where Prometheus' precedences need them.
 */

const at0 = { start: 0, end: 0 };
const paren = (expr: Expr): Expr => ({ type: 'paren', expr, position: at0 });

const PRECEDENCE: Readonly<Record<BinaryOp, number>> = {
  or: 1, and: 2, unless: 2, '==': 3, '!=': 3, '>': 3, '<': 3, '>=': 3, '<=': 3, '+': 4, '-': 4, '*': 5, '/': 5, '%': 5, atan2: 5, '^': 6,
};
const ARITHMETIC: readonly BinaryOp[] = ['+', '-', '*', '/', '%', '^', 'atan2'];
const COMPARISON: readonly BinaryOp[] = ['==', '!=', '>', '<', '>=', '<='];
const SET: readonly BinaryOp[] = ['and', 'or', 'unless'];

const identifier = fc.stringMatching(/^[a-z_][a-z0-9_]{0,6}$/).map((s) => `m_${s}`);
const metricName = fc.oneof(identifier, fc.tuple(identifier, identifier).map(([a, b]) => `${a}:${b}`));
const labelName = fc.oneof({ weight: 3, arbitrary: identifier }, { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 6 }) });
const labelValue = fc.string({ unit: 'binary', maxLength: 8 });
const regex = fc.constantFrom('.+', 'a|b', '[a-z]+', '(?i)foo', 'x.*y', '\\d+', '');
const seconds = fc.integer({ min: 1, max: 10 * 365 * 86_400 });
const positiveMs = fc.oneof(seconds.map((s) => s * 1000), fc.integer({ min: 1, max: 10 ** 10 }));
const offsetMs = fc.oneof({ weight: 2, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: positiveMs.chain((ms) => fc.constantFrom(ms, -ms)) });
const atModifier: fc.Arbitrary<AtModifier | undefined> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.constantFrom<AtModifier>({ kind: 'start' }, { kind: 'end' }) },
  { weight: 1, arbitrary: fc.integer({ min: -(10 ** 12), max: 10 ** 12 }).map((timeMs): AtModifier => ({ kind: 'time', timeMs })) },
);

const number: fc.Arbitrary<Expr> = fc
  .oneof(fc.double({ noDefaultInfinity: false }), fc.integer().map(Number), fc.constantFrom(Infinity, -Infinity, NaN))
  .map((value) => ({ type: 'number', value: value === 0 ? 0 : value, position: at0 }));
const string: fc.Arbitrary<Expr> = fc.string({ unit: 'binary', maxLength: 10 }).map((value) => ({ type: 'string', value, position: at0 }));

const matcher: fc.Arbitrary<LabelMatcher> = fc.oneof(
  fc.record({ name: labelName, op: fc.constantFrom<LabelMatcher['op']>('=', '!='), value: labelValue }),
  fc.record({ name: labelName, op: fc.constantFrom<LabelMatcher['op']>('=~', '!~'), value: regex }),
);

const vectorSelector: fc.Arbitrary<VectorSelector> = fc
  .record({ name: fc.option(metricName, { nil: undefined }), matchers: fc.array(matcher, { maxLength: 3 }), offsetMs, at: atModifier })
  .map(({ name, matchers, offsetMs, at }) => {
    // A selector needs a name or a matcher that does not match the empty string.
    const own = name === undefined ? [{ name: 'job', op: '=' as const, value: 'api' }, ...matchers] : matchers.filter((m) => m.name !== '__name__');
    const all = name === undefined ? own : [{ name: '__name__', op: '=' as const, value: name }, ...own];
    return { type: 'vectorSelector', name, matchers: all, offsetMs, at, position: at0 };
  });

const matrixSelector: fc.Arbitrary<Expr> = fc.record({ selector: vectorSelector, rangeMs: positiveMs }).map(({ selector, rangeMs }) => ({ type: 'matrixSelector', selector, rangeMs, position: at0 }));

/** `-` and `+` before an operand; over a number they would fold into it, and they take their operand only up to `^`. */
function unary(op: '+' | '-', expr: Expr): Unary {
  const needsParen = expr.type === 'number' || (expr.type === 'binary' && expr.op !== '^');
  return { type: 'unary', op, expr: needsParen ? paren(expr) : expr, position: at0 };
}

/** `lhs op rhs`, with parentheses where the printed text would otherwise group differently. */
function binary(op: BinaryOp, lhs: Expr, rhs: Expr, returnBool: boolean, matching: VectorMatching | undefined): Binary {
  const level = PRECEDENCE[op];
  const looser = (e: Expr, sameLevelGroups: boolean): boolean => e.type === 'binary' && (PRECEDENCE[e.op] < level || (PRECEDENCE[e.op] === level && sameLevelGroups));
  // A sign printed first (`-1`, `-a`) would take the whole `^` chain.
  const signed = (e: Expr): boolean => (e.type === 'number' && e.value < 0) || e.type === 'unary';
  const left = looser(lhs, op === '^') || (op === '^' && signed(lhs)) ? paren(lhs) : lhs;
  const right = looser(rhs, op !== '^') ? paren(rhs) : rhs;
  return { type: 'binary', op, lhs: left, rhs: right, returnBool, matching, position: at0 };
}

const matching = (op: BinaryOp): fc.Arbitrary<VectorMatching> =>
  fc
    .record({
      card: SET.includes(op) ? fc.constant<VectorMatching['card']>('many-to-many') : fc.constantFrom<VectorMatching['card']>('one-to-one', 'many-to-one', 'one-to-many'),
      on: fc.boolean(),
      labels: fc.uniqueArray(labelName, { maxLength: 2 }),
      include: fc.uniqueArray(labelName, { maxLength: 2 }),
    })
    .map((m) => ({ ...m, include: m.card === 'many-to-one' || m.card === 'one-to-many' ? m.include.filter((l) => !m.on || !m.labels.includes(l)) : [] }));

interface Typed {
  readonly scalar: fc.Arbitrary<Expr>;
  readonly vector: fc.Arbitrary<Expr>;
  readonly matrix: fc.Arbitrary<Expr>;
}

function typed(depth: number): Typed {
  if (depth === 0) {
    return {
      scalar: fc.oneof(number, fc.constantFrom<Expr>({ type: 'call', func: 'time', args: [], position: at0 }, { type: 'call', func: 'pi', args: [], position: at0 })),
      vector: vectorSelector,
      matrix: matrixSelector,
    };
  }
  const sub = typed(depth - 1);
  const call = (func: string, ...args: fc.Arbitrary<Expr>[]): fc.Arbitrary<Expr> => fc.tuple(...args).map((a) => ({ type: 'call', func, args: a, position: at0 }));
  const subquery: fc.Arbitrary<Expr> = fc
    .record({ expr: sub.vector, rangeMs: positiveMs, stepMs: fc.option(positiveMs, { nil: undefined }), offsetMs, at: atModifier })
    .map((s) => ({ type: 'subquery', ...s, expr: s.expr.type === 'binary' || s.expr.type === 'unary' ? paren(s.expr) : s.expr, position: at0 }));
  const matrix = fc.oneof(matrixSelector, subquery);
  const aggregate: fc.Arbitrary<Expr> = fc
    .record({
      op: fc.constantFrom<AggregateOp>('sum', 'avg', 'count', 'min', 'max', 'group', 'stddev', 'stdvar', 'topk', 'bottomk', 'quantile', 'count_values', 'limitk', 'limit_ratio'),
      expr: sub.vector,
      grouping: fc.uniqueArray(labelName, { maxLength: 2 }),
      without: fc.boolean(),
      scalar: sub.scalar,
      label: string,
    })
    .map(({ op, expr, grouping, without, scalar, label }) => ({
      type: 'aggregate',
      op,
      expr,
      param: op === 'count_values' ? label : ['topk', 'bottomk', 'quantile', 'limitk', 'limit_ratio'].includes(op) ? scalar : undefined,
      grouping: without || grouping.length > 0 ? grouping : [],
      without,
      position: at0,
    }));
  const vectorBinary = fc.constantFrom(...ARITHMETIC, ...COMPARISON, ...SET).chain((op) =>
    fc.tuple(sub.vector, sub.vector, fc.boolean(), fc.option(matching(op), { nil: undefined })).map(([l, r, returnBool, m]) =>
      binary(op, l, r, returnBool && COMPARISON.includes(op), m ?? { card: SET.includes(op) ? 'many-to-many' : 'one-to-one', on: false, labels: [], include: [] }),
    ),
  );
  const mixedBinary = fc.constantFrom(...ARITHMETIC, ...COMPARISON).chain((op) =>
    fc.tuple(sub.vector, sub.scalar, fc.boolean(), fc.boolean()).map(([v, s, vectorFirst, returnBool]) =>
      binary(op, vectorFirst ? v : s, vectorFirst ? s : v, returnBool && COMPARISON.includes(op), undefined),
    ),
  );
  const scalarBinary = fc.constantFrom(...ARITHMETIC, ...COMPARISON).chain((op) =>
    fc.tuple(sub.scalar, sub.scalar).map(([l, r]) => binary(op, l, r, COMPARISON.includes(op), undefined)),
  );
  const sign = fc.constantFrom<'+' | '-'>('+', '-');
  const vector = fc.oneof(
    { weight: 3, arbitrary: vectorSelector },
    { weight: 1, arbitrary: call('abs', sub.vector) },
    { weight: 1, arbitrary: call('rate', matrix) },
    { weight: 1, arbitrary: call('quantile_over_time', sub.scalar, matrix) },
    { weight: 1, arbitrary: call('round', sub.vector, sub.scalar) },
    { weight: 1, arbitrary: call('clamp', sub.vector, sub.scalar, sub.scalar) },
    { weight: 1, arbitrary: call('histogram_quantile', sub.scalar, sub.vector) },
    { weight: 1, arbitrary: call('label_replace', sub.vector, string, string, string, fc.constant<Expr>({ type: 'string', value: '(.*)', position: at0 })) },
    { weight: 1, arbitrary: call('label_join', sub.vector, string, string, string, string) },
    { weight: 1, arbitrary: call('vector', sub.scalar) },
    { weight: 1, arbitrary: call('day_of_week') },
    { weight: 2, arbitrary: aggregate },
    { weight: 2, arbitrary: vectorBinary },
    { weight: 2, arbitrary: mixedBinary },
    { weight: 1, arbitrary: fc.tuple(sign, sub.vector).map(([op, e]) => unary(op, e)) },
    { weight: 1, arbitrary: sub.vector.map(paren) },
  );
  const scalar = fc.oneof(
    { weight: 3, arbitrary: number },
    { weight: 1, arbitrary: call('scalar', sub.vector) },
    { weight: 1, arbitrary: call('time') },
    { weight: 2, arbitrary: scalarBinary },
    { weight: 1, arbitrary: fc.tuple(sign, sub.scalar).map(([op, e]) => unary(op, e)) },
    { weight: 1, arbitrary: sub.scalar.map(paren) },
  );
  return { scalar, vector, matrix };
}

/** Any well-typed expression up to a nesting depth. */
export function arbitraryExpr(depth = 3): fc.Arbitrary<Expr> {
  const { scalar, vector, matrix } = typed(depth);
  return fc.oneof({ weight: 4, arbitrary: vector }, { weight: 2, arbitrary: scalar }, { weight: 1, arbitrary: matrix }, { weight: 1, arbitrary: string });
}
