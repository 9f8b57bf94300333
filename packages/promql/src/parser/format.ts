import type { AtModifier, Expr, VectorSelector } from '../ast.js';
import type { LabelMatcher } from '@braid/store';
import { formatGoFloat } from '../go-float.js';
import { formatDuration } from './literals.js';

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

const quote = (text: string): string => JSON.stringify(text);
const labelName = (name: string): string => (LABEL_NAME.test(name) ? name : quote(name));
const labelList = (names: readonly string[]): string => `(${names.map(labelName).join(', ')})`;

function modifiers(offsetMs: number, at: AtModifier | undefined): string {
  let out = '';
  if (at) out += at.kind === 'time' ? ` @ ${formatGoFloat(at.timeMs / 1000)}` : ` @ ${at.kind}()`;
  if (offsetMs !== 0) out += ` offset ${formatDuration(offsetMs)}`;
  return out;
}

function matcherText(m: LabelMatcher): string {
  return `${labelName(m.name)}${m.op}${quote(m.value)}`;
}

function selectorText(s: VectorSelector): string {
  const rest = s.matchers.filter((m, i) => !(i === 0 && s.name !== undefined && m.name === '__name__' && m.op === '='));
  const nameIsPlain = s.name !== undefined && METRIC_NAME.test(s.name);
  const inBraces = [...(s.name !== undefined && !nameIsPlain ? [quote(s.name)] : []), ...rest.map(matcherText)];
  const braces = inBraces.length > 0 || s.name === undefined ? `{${inBraces.join(', ')}}` : '';
  return `${nameIsPlain ? s.name : ''}${braces}`;
}

/** Canonical PromQL text of an expression, as Prometheus' Expr.String() writes it. */
export function formatExpr(expr: Expr): string {
  switch (expr.type) {
    case 'number':
      return formatGoFloat(expr.value);
    case 'string':
      return quote(expr.value);
    case 'paren':
      return `(${formatExpr(expr.expr)})`;
    case 'unary':
      return `${expr.op}${formatExpr(expr.expr)}`;
    case 'vectorSelector':
      return selectorText(expr) + modifiers(expr.offsetMs, expr.at);
    case 'matrixSelector':
      return `${selectorText(expr.selector)}[${formatDuration(expr.rangeMs)}]${modifiers(expr.selector.offsetMs, expr.selector.at)}`;
    case 'subquery':
      return `${formatExpr(expr.expr)}[${formatDuration(expr.rangeMs)}:${expr.stepMs === undefined ? '' : formatDuration(expr.stepMs)}]${modifiers(expr.offsetMs, expr.at)}`;
    case 'call':
      return `${expr.func}(${expr.args.map(formatExpr).join(', ')})`;
    case 'aggregate': {
      const grouping = expr.without ? ` without ${labelList(expr.grouping)} ` : expr.grouping.length > 0 ? ` by ${labelList(expr.grouping)} ` : '';
      const args = expr.param ? `${formatExpr(expr.param)}, ${formatExpr(expr.expr)}` : formatExpr(expr.expr);
      return `${expr.op}${grouping}(${args})`;
    }
    case 'binary': {
      let op = expr.op as string;
      if (expr.returnBool) op += ' bool';
      const m = expr.matching;
      if (m && (m.on || m.labels.length > 0)) op += ` ${m.on ? 'on' : 'ignoring'} ${labelList(m.labels)}`;
      if (m && (m.card === 'many-to-one' || m.card === 'one-to-many')) op += ` ${m.card === 'many-to-one' ? 'group_left' : 'group_right'} ${labelList(m.include)}`;
      return `${formatExpr(expr.lhs)} ${op} ${formatExpr(expr.rhs)}`;
    }
  }
}
