import { anchoredGoRegExp, type LabelMatcher } from '@braid/store';
import { typeOf, type Binary, type Call, type Expr, type ValueType, type VectorSelector } from '../ast.js';
import { functionSignature } from '../function-signatures.js';
import type { QueryText } from './query-text.js';
import { goQuote } from './strings.js';

/*
 * Prometheus' checkAST: operand, argument and parameter types, selector rules, and the implied
 * vector matching of operations between two instant vectors. Checks run in Prometheus' order
 * and the first failure is reported, as Prometheus reports the first of the errors it collects.
 */

const DOCUMENTED: Readonly<Record<ValueType, string>> = { scalar: 'scalar', vector: 'instant vector', matrix: 'range vector', string: 'string' };
const COMPARISONS = new Set(['==', '!=', '>', '<', '>=', '<=']);
const SET_OPERATORS = new Set(['and', 'or', 'unless']);

/** The expression, type-checked, with the vector matching of every vector/vector operation filled in. */
export function checkTypes(query: QueryText, expr: Expr): Expr {
  const fail = (at: number, message: string): never => {
    throw query.errorAt(at, message);
  };
  const expectType = (e: Expr, want: ValueType, context: string): Expr => {
    const checked = check(e);
    const got = typeOf(checked);
    if (got !== want) fail(checked.position.start, `expected type ${DOCUMENTED[want]} in ${context}, got ${DOCUMENTED[got]}`);
    return checked;
  };

  function check(e: Expr): Expr {
    switch (e.type) {
      case 'number':
      case 'string':
        return e;
      case 'vectorSelector':
        checkSelector(e);
        return e;
      case 'matrixSelector':
        checkSelector(e.selector);
        return e;
      case 'paren':
        return { ...e, expr: check(e.expr) };
      case 'unary': {
        const inner = check(e.expr);
        const type = typeOf(inner);
        if (type !== 'scalar' && type !== 'vector') fail(e.position.start, `unary expression only allowed on expressions of type scalar or instant vector, got ${goQuote(DOCUMENTED[type])}`);
        return { ...e, expr: inner };
      }
      case 'subquery': {
        const inner = check(e.expr);
        if (typeOf(inner) !== 'vector') fail(e.position.start, `subquery is only allowed on instant vector, got ${typeOf(inner)} instead`);
        return { ...e, expr: inner };
      }
      case 'aggregate': {
        const inner = expectType(e.expr, 'vector', 'aggregation expression');
        const param = e.param && expectType(e.param, e.op === 'count_values' ? 'string' : 'scalar', 'aggregation parameter');
        return { ...e, expr: inner, param };
      }
      case 'call':
        return checkCall(e);
      case 'binary':
        return checkBinary(e);
    }
  }

  function checkCall(e: Call): Call {
    const signature = functionSignature(e.func)!;
    const declared = signature.argTypes.length;
    const given = e.args.length;
    const at = e.position.start;
    const name = goQuote(e.func);
    if (signature.variadic === 0 && given !== declared) fail(at, `expected ${declared} argument(s) in call to ${name}, got ${given}`);
    if (signature.variadic !== 0 && given < declared - 1) fail(at, `expected at least ${declared - 1} argument(s) in call to ${name}, got ${given}`);
    if (signature.variadic > 0 && given > declared - 1 + signature.variadic) fail(at, `expected at most ${declared - 1 + signature.variadic} argument(s) in call to ${name}, got ${given}`);
    const args = e.args.map((arg, i) => expectType(arg, signature.argTypes[Math.min(i, declared - 1)]!, `call to function ${name}`));
    return { ...e, args };
  }

  function checkBinary(e: Binary): Binary {
    const lhs = check(e.lhs);
    const rhs = check(e.rhs);
    const [lt, rt] = [typeOf(lhs), typeOf(rhs)];
    const operatorAt = query.skipSpaces(lhs.position.end);
    const comparison = COMPARISONS.has(e.op);
    const setOperator = SET_OPERATORS.has(e.op);
    if (e.returnBool && !comparison) fail(operatorAt, 'bool modifier can only be used on comparison operators');
    if (comparison && !e.returnBool && lt === 'scalar' && rt === 'scalar') fail(operatorAt, 'comparisons between scalars must use BOOL modifier');
    const clause = e.matching;
    const both = clause?.on ? clause.labels.find((label) => clause.include.includes(label)) : undefined;
    if (both !== undefined) fail(operatorAt, `label ${goQuote(both)} must not occur in ON and GROUP clause at once`);
    if (lt !== 'scalar' && lt !== 'vector') fail(lhs.position.start, 'binary expression must contain only scalar and instant vector types');
    if (rt !== 'scalar' && rt !== 'vector') fail(rhs.position.start, 'binary expression must contain only scalar and instant vector types');
    const vectors = lt === 'vector' && rt === 'vector';
    if (!vectors && clause && clause.labels.length > 0) fail(e.position.start, 'vector matching only allowed between instant vectors');
    if (vectors && setOperator && clause && clause.card !== 'one-to-one') fail(e.position.start, `no grouping allowed for ${goQuote(e.op)} operation`);
    if (!vectors && setOperator) fail(e.position.start, `set operator ${goQuote(e.op)} not allowed in binary scalar expression`);
    if (!vectors) return { ...e, lhs, rhs, matching: undefined };
    const matching = clause ?? { card: 'one-to-one', on: false, labels: [], include: [] };
    return { ...e, lhs, rhs, matching: setOperator ? { ...matching, card: 'many-to-many' } : matching };
  }

  function checkSelector(e: VectorSelector): void {
    if (e.name !== undefined) {
      const second = e.matchers.slice(1).find((m) => m.name === '__name__');
      if (second) fail(e.position.start, `metric name must not be set twice: ${goQuote(e.name)} or ${goQuote(second.value)}`);
      return;
    }
    if (e.matchers.every(matchesEmpty)) fail(e.position.start, 'vector selector must contain at least one non-empty matcher');
  }

  return check(expr);
}

/** Whether a matcher selects series that lack the label; a selector needs one that does not. */
function matchesEmpty(m: LabelMatcher): boolean {
  switch (m.op) {
    case '=':
      return m.value === '';
    case '!=':
      return m.value !== '';
    case '=~':
      return anchoredGoRegExp(m.value).test('');
    case '!~':
      return !anchoredGoRegExp(m.value).test('');
  }
}
