import type { LabelMatcher } from '@braid/store';
import type { AtModifier, Binary, Expr, VectorSelector } from '../ast.js';
import { formatGoFloat } from '../go-float.js';
import { formatDuration } from './literals.js';
import { goQuote } from './strings.js';

/*
 * Prometheus' Expr.String() (promql/parser/printer.go): matchers sorted and joined without
 * spaces, `@` with three decimals before `offset`, grouping labels quoted when not legacy
 * names. Operators print without parentheses of their own; the AST keeps the ones written.
 */

const LEGACY_LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Canonical PromQL text of an expression, as Prometheus' Expr.String() writes it. */
export function formatExpr(expr: Expr): string {
  switch (expr.type) {
    case 'number':
      return Object.is(expr.value, -0) ? '-0' : formatGoFloat(expr.value);
    case 'string':
      return goQuote(expr.value);
    case 'paren':
      return `(${formatExpr(expr.expr)})`;
    case 'unary':
      return `${expr.op}${formatExpr(expr.expr)}`;
    case 'vectorSelector':
      return selectorText(expr) + modifiers(expr.offsetMs, expr.at);
    case 'matrixSelector':
      return `${selectorText(expr.selector)}[${formatDuration(expr.rangeMs)}]${modifiers(expr.selector.offsetMs, expr.selector.at)}`;
    case 'subquery': {
      const step = expr.stepMs === undefined ? '' : formatDuration(expr.stepMs);
      return `${formatExpr(expr.expr)}[${formatDuration(expr.rangeMs)}:${step}]${modifiers(expr.offsetMs, expr.at)}`;
    }
    case 'call':
      return `${expr.func}(${expr.args.map(formatExpr).join(', ')})`;
    case 'aggregate': {
      const grouping = expr.without ? ` without ${labelList(expr.grouping)} ` : expr.grouping.length > 0 ? ` by ${labelList(expr.grouping)} ` : '';
      const args = expr.param ? `${formatExpr(expr.param)}, ${formatExpr(expr.expr)}` : formatExpr(expr.expr);
      return `${expr.op}${grouping}(${args})`;
    }
    case 'binary': {
      // Prometheus prints +Inf, which before `^` reads back as a sign over the whole power.
      const lhs = expr.op === '^' && expr.lhs.type === 'number' && expr.lhs.value === Infinity ? 'Inf' : formatExpr(expr.lhs);
      return `${lhs} ${operatorText(expr)} ${formatExpr(expr.rhs)}`;
    }
  }
}

function operatorText(expr: Binary): string {
  let text: string = expr.op;
  if (expr.returnBool) text += ' bool';
  const m = expr.matching;
  if (!m) return text;
  const grouped = m.card === 'many-to-one' || m.card === 'one-to-many';
  if (m.labels.length > 0 || m.on || grouped) text += ` ${m.on ? 'on' : 'ignoring'} ${labelList(m.labels)}`;
  if (grouped) text += ` ${m.card === 'many-to-one' ? 'group_left' : 'group_right'} ${labelList(m.include)}`;
  return text;
}

function labelList(names: readonly string[]): string {
  return `(${names.map((name) => (LEGACY_LABEL_NAME.test(name) ? name : goQuote(name))).join(', ')})`;
}

function matcherText(m: LabelMatcher): string {
  return `${LEGACY_LABEL_NAME.test(m.name) ? m.name : goQuote(m.name)}${m.op}${goQuote(m.value)}`;
}

function selectorText(s: VectorSelector): string {
  const shown = s.matchers.filter((m) => !(m.name === '__name__' && m.op === '=' && m.value === s.name && m.value !== ''));
  const texts = shown.map(matcherText).sort();
  return `${s.name ?? ''}${texts.length > 0 ? `{${texts.join(',')}}` : ''}`;
}

function modifiers(offsetMs: number, at: AtModifier | undefined): string {
  let out = '';
  if (at) out += at.kind === 'time' ? ` @ ${(at.timeMs / 1000).toFixed(3)}` : ` @ ${at.kind}()`;
  if (offsetMs !== 0) out += ` offset ${formatDuration(offsetMs)}`;
  return out;
}
