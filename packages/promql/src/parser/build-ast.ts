import type { SyntaxNode } from '@lezer/common';
import { anchoredGoRegExp, type LabelMatcher } from '@braid/store';
import type { AggregateOp, AtModifier, BinaryOp, Expr, MatrixSelector, PositionRange, Subquery, VectorMatching, VectorSelector } from '../ast.js';
import { parseError } from './parse-error.js';
import { durationValueMs, numberValue, stringValue } from './literals.js';

const BINARY_OPS: Readonly<Record<string, BinaryOp>> = {
  Pow: '^', Mul: '*', Div: '/', Mod: '%', Atan2: 'atan2', Add: '+', Sub: '-',
  Eql: '==', Neq: '!=', Gtr: '>', Lss: '<', Gte: '>=', Lte: '<=', And: 'and', Or: 'or', Unless: 'unless',
};
const MATCH_OPS: Readonly<Record<string, LabelMatcher['op']>> = { EqlSingle: '=', Neq: '!=', EqlRegex: '=~', NeqRegex: '!~' };
const EXPRESSION_NODES = new Set([
  'AggregateExpr', 'BinaryExpr', 'FunctionCall', 'MatrixSelector', 'NumberDurationLiteral', 'OffsetExpr', 'AnchoredExpr', 'SmoothedExpr',
  'ParenExpr', 'StringLiteral', 'SubqueryExpr', 'UnaryExpr', 'VectorSelector', 'StepInvariantExpr',
]);

/** Turns lezer-promql's concrete tree into braid's AST (type checks are separate, see type-check.ts). */
export class AstBuilder {
  constructor(private readonly query: string) {}

  private text(node: SyntaxNode): string {
    return this.query.slice(node.from, node.to);
  }

  private position(node: SyntaxNode): PositionRange {
    return { start: node.from, end: node.to };
  }

  private children(node: SyntaxNode): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    for (let child = node.firstChild; child; child = child.nextSibling) out.push(child);
    return out;
  }

  private expressions(node: SyntaxNode): SyntaxNode[] {
    return this.children(node).filter((c) => EXPRESSION_NODES.has(c.type.name));
  }

  private child(node: SyntaxNode, name: string): SyntaxNode | undefined {
    return this.children(node).find((c) => c.type.name === name);
  }

  build(node: SyntaxNode): Expr {
    const position = this.position(node);
    switch (node.type.name) {
      case 'PromQL': {
        const [inner] = this.expressions(node);
        if (!inner) throw parseError(this.query, node.from, 'no expression found in input');
        return this.build(inner);
      }
      case 'ParenExpr':
        return { type: 'paren', expr: this.build(this.expressions(node)[0]!), position };
      case 'NumberDurationLiteral':
        return { type: 'number', value: numberValue(this.text(node).replace(/\s+/g, '')), position };
      case 'StringLiteral':
        return { type: 'string', value: stringValue(this.text(node)), position };
      case 'VectorSelector':
        return this.vectorSelector(node);
      case 'MatrixSelector': {
        const inner = this.build(this.expressions(node)[0]!);
        if (inner.type !== 'vectorSelector') throw parseError(this.query, node.from, 'ranges only allowed for vector selectors');
        if (inner.offsetMs !== 0 || inner.at) throw parseError(this.query, node.from, 'no offset or @ modifiers allowed before range');
        return { type: 'matrixSelector', selector: inner, rangeMs: this.duration(this.child(node, 'DurationExpr')!), position };
      }
      case 'SubqueryExpr': {
        const durations = this.children(node).filter((c) => c.type.name === 'DurationExpr');
        return {
          type: 'subquery',
          expr: this.build(this.expressions(node)[0]!),
          rangeMs: this.duration(durations[0]!),
          stepMs: durations[1] ? this.duration(durations[1]) : undefined,
          offsetMs: 0,
          at: undefined,
          position,
        };
      }
      case 'OffsetExpr':
        return this.offset(node);
      case 'StepInvariantExpr':
        return this.at(node);
      case 'FunctionCall': {
        const name = this.text(this.child(node, 'FunctionIdentifier')!);
        const args = this.expressions(this.child(node, 'FunctionCallBody')!).map((a) => this.build(a));
        return { type: 'call', func: name, args, position };
      }
      case 'AggregateExpr':
        return this.aggregate(node);
      case 'BinaryExpr':
        return this.binary(node);
      case 'UnaryExpr': {
        const op = this.text(this.child(node, 'UnaryOp')!) as '+' | '-';
        const expr = this.build(this.expressions(node)[0]!);
        // Prometheus folds a sign into a number literal.
        if (expr.type === 'number') return { ...expr, value: op === '-' ? -expr.value : expr.value, position };
        return { type: 'unary', op, expr, position };
      }
      default:
        throw parseError(this.query, node.from, `${node.type.name} is not supported by braid`);
    }
  }

  /** Ranges, steps and offsets: a duration or number literal; duration arithmetic is experimental and not supported. */
  private duration(node: SyntaxNode): number {
    let inner: SyntaxNode = node;
    let sign = 1;
    while (inner.type.name === 'DurationExpr' || inner.type.name === 'OffsetDurationExpr') {
      const kids = this.children(inner);
      if (kids.length === 1) inner = kids[0]!;
      else if (kids.length === 2 && kids[0]!.type.name === 'UnaryOp') {
        if (this.text(kids[0]!) === '-') sign = -sign;
        inner = kids[1]!;
      } else throw parseError(this.query, node.from, 'duration expressions are not supported by braid');
    }
    if (inner.type.name !== 'NumberDurationLiteralInDurationContext') throw parseError(this.query, node.from, 'duration expressions are not supported by braid');
    return sign * durationValueMs(this.text(inner));
  }

  private vectorSelector(node: SyntaxNode): VectorSelector {
    const matchers: LabelMatcher[] = [];
    const identifier = this.child(node, 'Identifier');
    let name = identifier ? this.text(identifier) : undefined;
    const braces = this.child(node, 'LabelMatchers');
    for (const m of braces ? this.children(braces) : []) {
      if (m.type.name === 'QuotedLabelName') {
        const quoted = stringValue(this.text(m));
        if (name !== undefined) throw parseError(this.query, m.from, `metric name must not be set twice: ${JSON.stringify(name)} or ${JSON.stringify(quoted)}`);
        name = quoted;
        continue;
      }
      if (m.type.name !== 'UnquotedLabelMatcher' && m.type.name !== 'QuotedLabelMatcher') continue;
      const [label, op, value] = this.children(m);
      const labelName = label!.type.name === 'QuotedLabelName' ? stringValue(this.text(label!)) : this.text(label!);
      const matchOp = MATCH_OPS[this.children(op!)[0]?.type.name ?? op!.type.name];
      if (!matchOp) throw parseError(this.query, op!.from, `unexpected ${this.text(op!)} in label matching, expected label matching operator`);
      const matcher = { name: labelName, op: matchOp, value: stringValue(this.text(value!)) };
      if (matchOp === '=~' || matchOp === '!~') checkRegex(this.query, m.from, matcher.value);
      matchers.push(matcher);
    }
    if (name !== undefined) {
      if (matchers.some((m) => m.name === '__name__')) throw parseError(this.query, node.from, `metric name must not be set twice: ${JSON.stringify(name)} or ${JSON.stringify(matchers.find((m) => m.name === '__name__')!.value)}`);
      matchers.unshift({ name: '__name__', op: '=', value: name });
    }
    if (matchers.every(matchesEmpty)) {
      throw parseError(this.query, node.from, 'vector selector must contain at least one non-empty matcher');
    }
    return { type: 'vectorSelector', name, matchers, offsetMs: 0, at: undefined, position: this.position(node) };
  }

  private offset(node: SyntaxNode): Expr {
    const target = this.build(this.expressions(node)[0]!);
    const durationNode = this.child(node, 'OffsetDurationExpr')!;
    const offsetMs = this.duration(durationNode);
    const position = this.position(node);
    const apply = <T extends VectorSelector | Subquery>(e: T): T => {
      if (e.offsetMs !== 0) throw parseError(this.query, durationNode.from, 'offset may not be set multiple times');
      return { ...e, offsetMs, position };
    };
    return this.modify(target, apply, (selector) => ({ ...selector, position }), () => {
      throw parseError(this.query, durationNode.from, 'offset modifier must be preceded by an instant vector selector or range vector selector or a subquery');
    });
  }

  /**
   * Applies an offset or @ to the expression it follows. lezer-promql attaches a trailing modifier
   * to a whole unary or binary expression (`-a @ 1`, `a + b @ 1`); in PromQL it belongs to the
   * selector right before it, so it is pushed down to the rightmost operand.
   */
  private modify(target: Expr, apply: <T extends VectorSelector | Subquery>(e: T) => T, reposition: (s: MatrixSelector) => MatrixSelector, fail: () => never): Expr {
    switch (target.type) {
      case 'vectorSelector':
      case 'subquery':
        return apply(target);
      case 'matrixSelector':
        return reposition({ ...target, selector: apply(target.selector) });
      case 'unary':
        return { ...target, expr: this.modify(target.expr, apply, reposition, fail) };
      case 'binary':
        return { ...target, rhs: this.modify(target.rhs, apply, reposition, fail) };
      default:
        return fail();
    }
  }

  private at(node: SyntaxNode): Expr {
    const target = this.build(this.expressions(node)[0]!);
    const literal = this.child(node, 'NumberDurationLiteral');
    let at: AtModifier;
    if (literal) {
      const seconds = numberValue(this.text(literal));
      if (!Number.isFinite(seconds)) throw parseError(this.query, literal.from, `timestamp out of bounds for @ modifier: ${seconds}`);
      at = { kind: 'time', timeMs: Math.round(seconds * 1000) };
    } else {
      const which = this.text(this.child(node, 'AtModifierPreprocessors')!);
      at = { kind: which === 'start' ? 'start' : 'end' };
    }
    const position = this.position(node);
    const apply = <T extends VectorSelector | Subquery>(e: T): T => {
      if (e.at) throw parseError(this.query, node.from, '@ <timestamp> may not be set multiple times');
      return { ...e, at, position };
    };
    return this.modify(target, apply, (selector) => ({ ...selector, position }), () => {
      throw parseError(this.query, node.from, '@ modifier must be preceded by an instant vector selector or range vector selector or a subquery');
    });
  }

  private grouping(node: SyntaxNode | undefined): string[] {
    if (!node) return [];
    return this.children(node)
      .filter((c) => c.type.name === 'LabelName' || c.type.name === 'QuotedLabelName')
      .map((c) => (c.type.name === 'QuotedLabelName' ? stringValue(this.text(c)) : this.text(c)));
  }

  private aggregate(node: SyntaxNode): Expr {
    const op = this.text(this.child(node, 'AggregateOp')!).toLowerCase() as AggregateOp;
    const modifier = this.child(node, 'AggregateModifier');
    const without = modifier ? this.children(modifier)[0]!.type.name === 'Without' : false;
    const grouping = modifier ? this.grouping(this.child(modifier, 'GroupingLabels')) : [];
    const args = this.expressions(this.child(node, 'FunctionCallBody')!).map((a) => this.build(a));
    const takesParam = ['topk', 'bottomk', 'quantile', 'count_values', 'limitk', 'limit_ratio'].includes(op);
    const expected = takesParam ? 2 : 1;
    if (args.length !== expected) throw parseError(this.query, node.from, `wrong number of arguments for aggregate expression provided, expected ${expected}, got ${args.length}`);
    return {
      type: 'aggregate',
      op,
      expr: args[args.length - 1]!,
      param: takesParam ? args[0] : undefined,
      grouping,
      without,
      position: this.position(node),
    };
  }

  private binary(node: SyntaxNode): Expr {
    const [lhsNode, rhsNode] = this.expressions(node);
    const opNode = this.children(node).find((c) => c.type.name in BINARY_OPS);
    if (!opNode) throw parseError(this.query, node.from, `unsupported binary operator in ${this.text(node)}`);
    const op = BINARY_OPS[opNode.type.name]!;
    const returnBool = this.child(node, 'BoolModifier') !== undefined;
    if (this.child(node, 'FillModifier')) throw parseError(this.query, node.from, 'fill modifiers are not supported by braid');
    const clause = this.child(node, 'MatchingModifierClause');
    let matching: VectorMatching | undefined;
    if (clause) {
      const parts = this.children(clause);
      const groups = parts.filter((c) => c.type.name === 'GroupingLabels');
      const side = parts.find((c) => c.type.name === 'GroupLeft' || c.type.name === 'GroupRight');
      matching = {
        card: side ? (side.type.name === 'GroupLeft' ? 'many-to-one' : 'one-to-many') : 'one-to-one',
        on: parts[0]!.type.name === 'On',
        labels: this.grouping(groups[0]),
        include: this.grouping(groups[1]),
      };
    }
    return { type: 'binary', op, lhs: this.build(lhsNode!), rhs: this.build(rhsNode!), returnBool, matching, position: this.position(node) };
  }
}

/** Whether a matcher selects series without the label; a selector needs one that does not. */
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

function checkRegex(query: string, at: number, pattern: string): void {
  try {
    anchoredGoRegExp(pattern);
  } catch (error) {
    throw parseError(query, at, `invalid regular expression ${JSON.stringify(pattern)}: ${(error as Error).message}`);
  }
}
