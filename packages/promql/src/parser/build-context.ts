import type { SyntaxNode } from '@lezer/common';
import type { Expr, PositionRange } from '../ast.js';
import type { PromQLError } from '../query.js';
import type { QueryText } from './query-text.js';
import { tokenValue } from './literals.js';
import type { Token } from './tokens.js';

/** lezer-promql node types that stand for an expression (the grammar's `expr` group). */
const EXPRESSION_NODES = new Set([
  'AggregateExpr', 'BinaryExpr', 'FunctionCall', 'MatrixSelector', 'NumberDurationLiteral', 'OffsetExpr', 'AnchoredExpr',
  'SmoothedExpr', 'ParenExpr', 'StringLiteral', 'SubqueryExpr', 'UnaryExpr', 'VectorSelector', 'StepInvariantExpr',
]);

/** What the builders of each construct share: the query, Prometheus' tokens, options, and the way back to expressions. */
export interface BuildContext {
  readonly query: QueryText;
  readonly tokens: TokenIndex;
  readonly experimental: boolean;
  /** Calls lezer read with a stand-in name (lezer-input.ts): functions Prometheus does not know either. */
  readonly unknownCalls: ReadonlySet<number>;
  /** The AST of a lezer expression node. */
  expr(node: SyntaxNode): Expr;
}

/** Prometheus' tokens, looked up by lezer positions. */
export class TokenIndex {
  constructor(readonly all: readonly Token[]) {}

  /** The token covering a UTF-16 index, else the first one after it. */
  at(index: number): Token | undefined {
    return this.all[this.firstEndingAfter(index)];
  }

  /** The tokens inside a lezer node. */
  within(node: SyntaxNode): Token[] {
    const out: Token[] = [];
    for (let i = this.firstEndingAfter(node.from); i < this.all.length && this.all[i]!.start < node.to; i++) out.push(this.all[i]!);
    return out;
  }

  private firstEndingAfter(index: number): number {
    let low = 0;
    let high = this.all.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.all[mid]!.end <= index) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

/** The children of a node, without the comments lezer keeps in the tree wherever they were written. */
export function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) if (child.type.name !== 'LineComment') out.push(child);
  return out;
}

export function child(node: SyntaxNode, name: string): SyntaxNode | undefined {
  return children(node).find((c) => c.type.name === name);
}

/** The expression children of a node, in source order. */
export function expressions(node: SyntaxNode): SyntaxNode[] {
  return children(node).filter((c) => EXPRESSION_NODES.has(c.type.name));
}

/**
 * The UTF-16 end of a lezer node, at the end of its last token: lezer may have read a
 * stand-in for a number it cannot lex (lezer-input.ts), shorter than the number written.
 */
export function endOf(ctx: BuildContext, node: SyntaxNode): number {
  return Math.max(node.to, ctx.tokens.at(node.to - 1)?.end ?? node.to);
}

/** The byte range of a lezer node. */
export function positionOf(ctx: BuildContext, node: SyntaxNode): PositionRange {
  return ctx.query.range(node.from, endOf(ctx, node));
}

/** A parse error at the start of a lezer node. */
export function errorAt(ctx: BuildContext, node: SyntaxNode, message: string): PromQLError {
  return ctx.query.errorAtIndex(node.from, message);
}

/** The value of the number or duration token starting at a UTF-16 index, in seconds. */
export function literalAt(ctx: BuildContext, index: number): { readonly value: number; readonly token: Token } {
  const token = ctx.tokens.at(index)!;
  try {
    return { value: tokenValue(token.kind === 'duration' ? 'duration' : 'number', token.text), token };
  } catch (error) {
    throw ctx.query.errorAtIndex(token.start, (error as Error).message);
  }
}
