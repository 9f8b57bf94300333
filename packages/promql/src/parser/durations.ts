import type { SyntaxNode } from '@lezer/common';
import { children, errorAt, literalAt, type BuildContext } from './build-context.js';
import { MAX_DURATION_SECONDS, parseDuration, secondsToMs } from './literals.js';

/*
 * Ranges, subquery steps and offsets: a number or duration literal, or (Prometheus 3's
 * experimental duration expressions) arithmetic over them. Prometheus evaluates such
 * expressions once per query; without step() and range() they are constant, so they are folded
 * here and the AST keeps plain milliseconds. step() and range() need the query and are refused.
 */

/** Where a duration is used: ranges and steps must be positive, offsets may be negative. */
export type DurationUse = 'range' | 'offset';

interface Folded {
  readonly seconds: number;
  /** A plain literal, maybe signed; Prometheus checks and rounds those differently from expressions. */
  readonly literal: boolean;
  /** The exact milliseconds of a duration literal (`99d18h45m14s165ms`), which seconds in a float may miss. */
  readonly ms?: number;
}

const ARITHMETIC: Readonly<Record<string, (a: number, b: number) => number>> = {
  Add: (a, b) => a + b,
  Sub: (a, b) => a - b,
  Mul: (a, b) => a * b,
  Div: (a, b) => a / b,
  Mod: (a, b) => a % b,
  Pow: (a, b) => a ** b,
};

/** The milliseconds of a DurationExpr or OffsetDurationExpr node. */
export function durationNodeMs(ctx: BuildContext, node: SyntaxNode, use: DurationUse): number {
  const folded = fold(ctx, node);
  const { seconds, literal } = folded;
  const fail = (message: string): never => {
    throw errorAt(ctx, node, message);
  };
  if (literal) {
    if (!(Math.abs(seconds) <= MAX_DURATION_SECONDS)) fail('duration out of range');
    if (use === 'range' && seconds <= 0) fail('duration must be greater than 0');
    return folded.ms ?? secondsToMs(seconds);
  }
  if (!Number.isFinite(seconds)) fail('duration is NaN or infinite');
  if (use === 'range' && seconds <= 0) fail('duration must be greater than 0');
  if (Math.abs(seconds) > MAX_DURATION_SECONDS) fail('duration is out of range');
  return Math.trunc(seconds * 1000) + 0;
}

function fold(ctx: BuildContext, node: SyntaxNode): Folded {
  if (node.type.name === 'NumberDurationLiteralInDurationContext') {
    const { value, token } = literalAt(ctx, node.from);
    return token.kind === 'duration' ? { seconds: value, literal: true, ms: parseDuration(token.text) } : { seconds: value, literal: true };
  }
  const kids = children(node);
  const [first, second, third] = kids;
  if (kids.length === 1) {
    if (first!.type.name === 'NumberDurationLiteralInDurationContext') return fold(ctx, first!);
    if (first!.type.name === 'DurationExpr') return expression(ctx, node, fold(ctx, first!).seconds);
    throw errorAt(ctx, first!, `${ctx.query.text.slice(first!.from, first!.to)}() in a duration is not supported by braid`);
  }
  if (kids.length === 2 && first!.type.name === 'UnaryOp') {
    const inner = fold(ctx, second!);
    const sign = ctx.query.text.slice(first!.from, first!.to) === '-' ? -1 : 1;
    return { seconds: sign * inner.seconds, literal: inner.literal, ...(inner.ms === undefined ? {} : { ms: sign * inner.ms + 0 }) };
  }
  if (kids.length === 3 && (first!.type.name === 'DurationMinOf' || first!.type.name === 'DurationMaxOf')) {
    const [a, b] = [fold(ctx, second!).seconds, fold(ctx, third!).seconds];
    return expression(ctx, node, first!.type.name === 'DurationMinOf' ? Math.min(a, b) : Math.max(a, b));
  }
  if (kids.length === 3 && second!.type.name in ARITHMETIC) {
    const [a, b] = [fold(ctx, first!).seconds, fold(ctx, third!).seconds];
    if (b === 0 && (second!.type.name === 'Div' || second!.type.name === 'Mod')) {
      throw errorAt(ctx, second!, second!.type.name === 'Div' ? 'division by zero' : 'modulo by zero');
    }
    return expression(ctx, node, ARITHMETIC[second!.type.name]!(a, b));
  }
  throw errorAt(ctx, node, 'unsupported duration expression');
}

function expression(ctx: BuildContext, node: SyntaxNode, seconds: number): Folded {
  if (!ctx.experimental) throw errorAt(ctx, node, 'experimental duration expression is not enabled');
  return { seconds, literal: false };
}
