import type { AtModifier, Expr, VectorMatching, VectorSelector } from '../../src/index.js';

/*
 * A compact, complete rendering of an AST for fixture tables, in the spirit of lezer's
 * `Node(Child, …)` test trees: every field shows, positions excepted (they have their own table).
 *
 *   1, NaN, "text"                  number and string literals
 *   foo                             selector whose only matcher is its name
 *   (sel foo __name__="foo" a=~"b" offset=60000 @=start)   any other selector; `_` for no name
 *   (matrix 300000 SEL)             (subquery 3600000:60000 EXPR), step omitted as 3600000:
 *   (call rate ARG…)                (sum by(a) EXPR), (topk without() PARAM EXPR)
 *   (+ bool [n:1 on(a) group(b)] LHS RHS)   matching: 1:1, n:1, 1:n, n:n; absent for scalars
 *   (unary - EXPR)                  (paren EXPR)
 */
export function syntaxTree(expr: Expr): string {
  switch (expr.type) {
    case 'number':
      return Object.is(expr.value, -0) ? '-0' : String(expr.value).replace('Infinity', 'Inf');
    case 'string':
      return JSON.stringify(expr.value);
    case 'vectorSelector':
      return selector(expr);
    case 'matrixSelector':
      return `(matrix ${expr.rangeMs} ${selector(expr.selector)})`;
    case 'subquery':
      return `(subquery ${expr.rangeMs}:${expr.stepMs ?? ''}${modifiers(expr.offsetMs, expr.at)} ${syntaxTree(expr.expr)})`;
    case 'call':
      return `(call ${[expr.func, ...expr.args.map(syntaxTree)].join(' ')})`;
    case 'aggregate': {
      const grouping = expr.without ? ` without(${expr.grouping.join(',')})` : expr.grouping.length > 0 ? ` by(${expr.grouping.join(',')})` : '';
      return `(${[`${expr.op}${grouping}`, ...(expr.param ? [syntaxTree(expr.param)] : []), syntaxTree(expr.expr)].join(' ')})`;
    }
    case 'binary':
      return `(${[expr.op, ...(expr.returnBool ? ['bool'] : []), ...(expr.matching ? [matching(expr.matching)] : []), syntaxTree(expr.lhs), syntaxTree(expr.rhs)].join(' ')})`;
    case 'unary':
      return `(unary ${expr.op} ${syntaxTree(expr.expr)})`;
    case 'paren':
      return `(paren ${syntaxTree(expr.expr)})`;
  }
}

const CARDS: Readonly<Record<VectorMatching['card'], string>> = { 'one-to-one': '1:1', 'many-to-one': 'n:1', 'one-to-many': '1:n', 'many-to-many': 'n:n' };

function matching(m: VectorMatching): string {
  const parts = [CARDS[m.card]];
  if (m.on || m.labels.length > 0) parts.push(`${m.on ? 'on' : 'ignoring'}(${m.labels.join(',')})`);
  if (m.include.length > 0 || m.card === 'many-to-one' || m.card === 'one-to-many') parts.push(`group(${m.include.join(',')})`);
  return `[${parts.join(' ')}]`;
}

function selector(s: VectorSelector): string {
  const [only] = s.matchers;
  const bare = s.matchers.length === 1 && only!.name === '__name__' && only!.op === '=' && only!.value === s.name;
  if (bare && s.offsetMs === 0 && !s.at) return s.name!;
  const matchers = s.matchers.map((m) => `${m.name}${m.op}${JSON.stringify(m.value)}`);
  return `(sel ${[s.name ?? '_', ...matchers].join(' ')}${modifiers(s.offsetMs, s.at)})`;
}

function modifiers(offsetMs: number, at: AtModifier | undefined): string {
  const offset = offsetMs !== 0 ? ` offset=${offsetMs}` : '';
  return offset + (at ? ` @=${at.kind === 'time' ? at.timeMs : at.kind}` : '');
}
