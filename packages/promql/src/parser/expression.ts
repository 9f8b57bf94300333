import type { SyntaxNode } from '@lezer/common';
import type { Expr } from '../ast.js';
import { binary, binaryOperator, isRightAssociative, POWER_PRECEDENCE, precedence, type BinaryOperator } from './binary.js';
import { child, children, errorAt, expressions, literalAt, positionOf, type BuildContext } from './build-context.js';
import { aggregate, call } from './calls.js';
import { applyModifier, modifierOf, type Modifier } from './modifiers.js';
import type { QueryText } from './query-text.js';
import { stringText, vectorSelector } from './selectors.js';

/*
 * lezer-promql's precedences differ from Prometheus' yacc grammar where operators meet a
 * postfix modifier or a signed number: it reads `a + b offset 5m` as `(a + b) offset 5m` and
 * `-2 ^ 2` as `(-2) ^ 2`. So operators are not taken from lezer's nesting: an expression is
 * flattened, in source order, into operands, signs, binary operators and modifiers, and
 * regrouped by Prometheus' rules — modifiers bind to the operand before them, a sign takes its
 * operand up to `^`, and binary operators by precedence, `^` to the right.
 */

type Item =
  | { readonly kind: 'operand'; readonly expr: Expr }
  | { readonly kind: 'sign'; readonly op: '+' | '-'; readonly start: number }
  | { readonly kind: 'operator'; readonly operator: BinaryOperator }
  | { readonly kind: 'modifier'; readonly modifier: Modifier };

/** The AST of a lezer expression node. */
export function buildExpr(ctx: BuildContext, node: SyntaxNode): Expr {
  return new OperatorGrouping(ctx.query, flattened(ctx, node)).expression();
}

function flattened(ctx: BuildContext, node: SyntaxNode): Item[] {
  const items: Item[] = [];
  flatten(ctx, node, items);
  return items;
}

function flatten(ctx: BuildContext, node: SyntaxNode, out: Item[]): void {
  switch (node.type.name) {
    case 'BinaryExpr': {
      const [lhs, rhs] = expressions(node);
      flatten(ctx, lhs!, out);
      out.push({ kind: 'operator', operator: binaryOperator(ctx, node) });
      flatten(ctx, rhs!, out);
      return;
    }
    case 'UnaryExpr': {
      const sign = child(node, 'UnaryOp')!;
      out.push({ kind: 'sign', op: ctx.query.text[sign.from] as '+' | '-', start: ctx.query.offset(sign.from) });
      flatten(ctx, expressions(node)[0]!, out);
      return;
    }
    case 'NumberDurationLiteral': {
      const tokens = ctx.tokens.within(node);
      for (const sign of tokens.slice(0, -1)) out.push({ kind: 'sign', op: sign.text as '+' | '-', start: ctx.query.offset(sign.start) });
      const { value, token } = literalAt(ctx, tokens[tokens.length - 1]!.start);
      out.push({ kind: 'operand', expr: { type: 'number', value, position: ctx.query.range(token.start, token.end) } });
      return;
    }
    case 'MatrixSelector':
    case 'SubqueryExpr':
    case 'OffsetExpr':
    case 'StepInvariantExpr':
      flatten(ctx, expressions(node)[0]!, out);
      out.push({ kind: 'modifier', modifier: modifierOf(ctx, node) });
      return;
    case 'AnchoredExpr':
    case 'SmoothedExpr': {
      // Prometheus reports what is wrong with the inner expression first.
      new OperatorGrouping(ctx.query, flattened(ctx, expressions(node)[0]!)).expression();
      const keyword = children(node).at(-1)!;
      throw errorAt(ctx, keyword, `${ctx.query.text.slice(keyword.from, keyword.to).toLowerCase()} modifier is not supported by braid`);
    }
    default:
      out.push({ kind: 'operand', expr: operand(ctx, node) });
  }
}

function operand(ctx: BuildContext, node: SyntaxNode): Expr {
  switch (node.type.name) {
    case 'ParenExpr':
      return { type: 'paren', expr: ctx.expr(expressions(node)[0]!), position: positionOf(ctx, node) };
    case 'StringLiteral':
      return { type: 'string', value: stringText(ctx, node), position: positionOf(ctx, node) };
    case 'VectorSelector':
      return vectorSelector(ctx, node);
    case 'FunctionCall':
      return call(ctx, node);
    case 'AggregateExpr':
      return aggregate(ctx, node);
    default:
      throw errorAt(ctx, node, `${node.type.name} is not supported by braid`);
  }
}

/** Precedence climbing over the flattened items. */
class OperatorGrouping {
  private next = 0;

  constructor(
    private readonly query: QueryText,
    private readonly items: readonly Item[],
  ) {}

  expression(): Expr {
    return this.binary(0);
  }

  private binary(minimum: number): Expr {
    let lhs = this.signed();
    for (let item = this.items[this.next]; item?.kind === 'operator'; item = this.items[this.next]) {
      const { operator } = item;
      const level = precedence(operator.op);
      if (level < minimum) break;
      this.next++;
      const rhs = this.binary(isRightAssociative(operator.op) ? level : level + 1);
      lhs = binary(lhs, operator, rhs);
    }
    return lhs;
  }

  /** An operand with its modifiers, or a sign and what it takes: Prometheus folds a sign into a number literal. */
  private signed(): Expr {
    const item = this.items[this.next++]!;
    if (item.kind === 'sign') {
      const expr = this.binary(POWER_PRECEDENCE);
      const position = { start: item.start, end: expr.position.end };
      if (expr.type === 'number') return { ...expr, value: item.op === '-' ? -expr.value : expr.value, position };
      return { type: 'unary', op: item.op, expr, position };
    }
    if (item.kind !== 'operand') throw new Error(`promql parser: unexpected ${item.kind} in expression`);
    let expr = item.expr;
    for (let modifier = this.items[this.next]; modifier?.kind === 'modifier'; modifier = this.items[++this.next]) {
      expr = applyModifier(this.query, expr, modifier.modifier);
    }
    return expr;
  }
}
