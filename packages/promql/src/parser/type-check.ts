import { typeOf, type Expr, type ValueType } from '../ast.js';
import { functionSignature } from '../function-signatures.js';
import { parseError } from './parse-error.js';

const TYPE_NAMES: Readonly<Record<ValueType, string>> = { scalar: 'scalar', vector: 'instant vector', matrix: 'range vector', string: 'string' };
const COMPARISONS = new Set(['==', '!=', '>', '<', '>=', '<=']);
const SET_OPERATORS = new Set(['and', 'or', 'unless']);

/**
 * Prometheus' checkAST: operand and argument types, modifier rules, and the implied vector
 * matching of binary operations between vectors (set operators are many-to-many). Returns the
 * expression with those matchings filled in.
 */
export function checkTypes(query: string, expr: Expr, experimental: boolean): Expr {
  const fail = (message: string): never => {
    throw parseError(query, expr.position.start, message);
  };
  const check = (e: Expr): Expr => checkTypes(query, e, experimental);
  switch (expr.type) {
    case 'number':
    case 'string':
    case 'vectorSelector':
      return expr;
    case 'paren':
      return { ...expr, expr: check(expr.expr) };
    case 'matrixSelector':
      return expr;
    case 'subquery': {
      const inner = check(expr.expr);
      if (typeOf(inner) !== 'vector') fail(`subquery is only allowed on instant vector, got ${TYPE_NAMES[typeOf(inner)]} instead`);
      return { ...expr, expr: inner };
    }
    case 'unary': {
      const inner = check(expr.expr);
      const type = typeOf(inner);
      if (type !== 'scalar' && type !== 'vector') fail(`unary expression only allowed on expressions of type scalar or instant vector, got "${TYPE_NAMES[type]}"`);
      return { ...expr, expr: inner };
    }
    case 'call': {
      const signature = functionSignature(expr.func);
      if (!signature) return fail(`unknown function with name "${expr.func}"`);
      if (signature.experimental && !experimental) fail(`function "${expr.func}" is not enabled`);
      const args = expr.args.map(check);
      const fixed = signature.argTypes.length;
      const n = args.length;
      if (signature.variadic === 0 && n !== fixed) fail(`expected ${fixed} argument(s) in call to "${expr.func}", got ${n}`);
      if (signature.variadic > 0 && (n < fixed - signature.variadic || n > fixed)) {
        if (n < fixed - signature.variadic) fail(`expected at least ${fixed - signature.variadic} argument(s) in call to "${expr.func}", got ${n}`);
        fail(`expected at most ${fixed} argument(s) in call to "${expr.func}", got ${n}`);
      }
      if (signature.variadic < 0 && n < fixed - 1) fail(`expected at least ${fixed - 1} argument(s) in call to "${expr.func}", got ${n}`);
      args.forEach((arg, i) => {
        const expected = signature.argTypes[Math.min(i, fixed - 1)]!;
        const actual = typeOf(arg);
        if (actual !== expected) fail(`expected type ${TYPE_NAMES[expected]} in call to function "${expr.func}", got ${TYPE_NAMES[actual]}`);
      });
      return { ...expr, args };
    }
    case 'aggregate': {
      const inner = check(expr.expr);
      if (typeOf(inner) !== 'vector') fail(`expected type instant vector in aggregation expression, got ${TYPE_NAMES[typeOf(inner)]}`);
      const param = expr.param ? check(expr.param) : undefined;
      if (param) {
        const wanted: ValueType = expr.op === 'count_values' ? 'string' : 'scalar';
        if (typeOf(param) !== wanted) fail(`expected type ${TYPE_NAMES[wanted]} in aggregation parameter, got ${TYPE_NAMES[typeOf(param)]}`);
      }
      if ((expr.op === 'limitk' || expr.op === 'limit_ratio') && !experimental) fail(`limitk() and limit_ratio() are experimental and must be enabled with --enable-feature=promql-experimental-functions`);
      return { ...expr, expr: inner, param };
    }
    case 'binary': {
      const lhs = check(expr.lhs);
      const rhs = check(expr.rhs);
      const [lt, rt] = [typeOf(lhs), typeOf(rhs)];
      const comparison = COMPARISONS.has(expr.op);
      const setOperator = SET_OPERATORS.has(expr.op);
      if ((lt !== 'scalar' && lt !== 'vector') || (rt !== 'scalar' && rt !== 'vector')) fail('binary expression must contain only scalar and instant vector types');
      if (expr.returnBool && !comparison) fail('bool modifier can only be used on comparison operators');
      if (comparison && lt === 'scalar' && rt === 'scalar' && !expr.returnBool) fail('comparisons between scalars must use BOOL modifier');
      if (setOperator && (lt === 'scalar' || rt === 'scalar')) fail(`set operator "${expr.op}" not allowed in binary scalar expression`);
      const bothVectors = lt === 'vector' && rt === 'vector';
      if (expr.matching && !bothVectors) fail('vector matching only allowed between instant vectors');
      let matching = expr.matching;
      if (bothVectors) {
        matching ??= { card: 'one-to-one', on: false, labels: [], include: [] };
        if (setOperator) {
          if (matching.card === 'many-to-one' || matching.card === 'one-to-many') fail(`no grouping allowed for "${expr.op}" operation`);
          matching = { ...matching, card: 'many-to-many' };
        }
        if (matching.on) {
          for (const label of matching.include) if (matching.labels.includes(label)) fail(`label "${label}" must not occur in ON and GROUP clause at once`);
        }
      }
      return { ...expr, lhs, rhs, matching };
    }
  }
}
