import type { SyntaxNode } from '@lezer/common';
import type { AtModifier, Expr } from '../ast.js';
import { child, children, endOf, expressions, literalAt, type BuildContext } from './build-context.js';
import { durationNodeMs } from './durations.js';
import type { QueryText } from './query-text.js';

/*
 * What follows an expression and binds tighter than any operator: a range `[5m]`, a subquery
 * `[1h:5m]`, `offset 5m` and `@ t`. Offsets and `@` live on the selector or subquery they
 * follow; on a range selector they go to its inner vector selector, as in Prometheus.
 */

export type Modifier =
  | { readonly kind: 'range'; readonly rangeMs: number; readonly bracket: number; readonly end: number }
  | { readonly kind: 'subquery'; readonly rangeMs: number; readonly stepMs: number | undefined; readonly end: number }
  | { readonly kind: 'offset'; readonly offsetMs: number; readonly end: number }
  | { readonly kind: 'at'; readonly at: AtModifier; readonly seconds: number; readonly end: number };

const MAX_INT64 = 2 ** 63;

/** The modifier of a MatrixSelector, SubqueryExpr, OffsetExpr or StepInvariantExpr node; positions in bytes. */
export function modifierOf(ctx: BuildContext, node: SyntaxNode): Modifier {
  const end = ctx.query.offset(endOf(ctx, node));
  switch (node.type.name) {
    case 'MatrixSelector': {
      const bracket = ctx.tokens.at(endOf(ctx, expressions(node)[0]!))!;
      return { kind: 'range', rangeMs: durationNodeMs(ctx, child(node, 'DurationExpr')!, 'range'), bracket: ctx.query.offset(bracket.start), end };
    }
    case 'SubqueryExpr': {
      const [range, step] = children(node).filter((c) => c.type.name === 'DurationExpr');
      return { kind: 'subquery', rangeMs: durationNodeMs(ctx, range!, 'range'), stepMs: step && durationNodeMs(ctx, step, 'range'), end };
    }
    case 'OffsetExpr':
      return { kind: 'offset', offsetMs: durationNodeMs(ctx, child(node, 'OffsetDurationExpr')!, 'offset'), end };
    default:
      return atModifier(ctx, node, end);
  }
}

function atModifier(ctx: BuildContext, node: SyntaxNode, end: number): Modifier {
  // What follows `@`: the expression before it may be a number literal too.
  const parts = children(node);
  const argument = parts[parts.findIndex((c) => c.type.name === 'At') + 1]!;
  const literal = argument.type.name === 'NumberDurationLiteral' ? argument : undefined;
  if (!literal) {
    const which = ctx.query.text.slice(argument.from).toLowerCase().startsWith('start') ? 'start' : 'end';
    return { kind: 'at', at: { kind: which }, seconds: 0, end };
  }
  const tokens = ctx.tokens.within(literal);
  const sign = tokens[0]?.text === '-' ? -1 : 1;
  const seconds = sign * literalAt(ctx, tokens[tokens.length - 1]!.start).value;
  return { kind: 'at', at: { kind: 'time', timeMs: goRound(seconds * 1000) }, seconds, end };
}

/** The expression a modifier applies to, with the modifier applied, or Prometheus' error for it. */
export function applyModifier(query: QueryText, target: Expr, modifier: Modifier): Expr {
  const start = target.position.start;
  const position = { start, end: modifier.end };
  const fail = (at: number, message: string): never => {
    throw query.errorAt(at, message);
  };
  switch (modifier.kind) {
    case 'range': {
      if (target.type !== 'vectorSelector') return fail(modifier.bracket, 'ranges only allowed for vector selectors');
      if (target.offsetMs !== 0) fail(modifier.bracket, 'no offset modifiers allowed before range');
      if (target.at) fail(modifier.bracket, 'no @ modifiers allowed before range');
      return { type: 'matrixSelector', selector: target, rangeMs: modifier.rangeMs, position };
    }
    case 'subquery':
      return { type: 'subquery', expr: target, rangeMs: modifier.rangeMs, stepMs: modifier.stepMs, offsetMs: 0, at: undefined, position };
    case 'offset': {
      const { offsetMs } = modifier;
      if (target.type === 'matrixSelector') {
        if (target.selector.offsetMs !== 0) fail(start, 'offset may not be set multiple times');
        return { ...target, selector: { ...target.selector, offsetMs }, position };
      }
      if (target.type !== 'vectorSelector' && target.type !== 'subquery') {
        return fail(start, 'offset modifier must be preceded by an instant vector selector or range vector selector or a subquery');
      }
      if (target.offsetMs !== 0) fail(start, 'offset may not be set multiple times');
      return { ...target, offsetMs, position };
    }
    case 'at': {
      const { at, seconds } = modifier;
      if (!(Math.abs(seconds) < MAX_INT64)) fail(start, `timestamp out of bounds for @ modifier: ${goFixed(seconds)}`);
      if (target.type === 'matrixSelector') {
        if (target.selector.at) fail(start, '@ <timestamp> may not be set multiple times');
        return { ...target, selector: { ...target.selector, at }, position };
      }
      if (target.type !== 'vectorSelector' && target.type !== 'subquery') {
        return fail(start, '@ modifier must be preceded by an instant vector selector or range vector selector or a subquery');
      }
      if (target.at) fail(start, '@ <timestamp> may not be set multiple times');
      return { ...target, at, position };
    }
  }
}

/** Go's math.Round: halves away from zero. */
function goRound(value: number): number {
  return Math.sign(value) * Math.round(Math.abs(value)) + 0;
}

/** Go's %f. */
function goFixed(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  if (Math.abs(value) < 1e21) return value.toFixed(6);
  return `${BigInt(value)}.000000`;
}
