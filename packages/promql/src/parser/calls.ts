import type { SyntaxNode } from '@lezer/common';
import type { Aggregate, AggregateOp, Call } from '../ast.js';
import { functionSignature } from '../function-signatures.js';
import { child, children, errorAt, expressions, positionOf, type BuildContext } from './build-context.js';
import { groupingLabels } from './grouping.js';
import { goQuote } from './strings.js';

const PARAMETRIC: ReadonlySet<AggregateOp> = new Set(['topk', 'bottomk', 'quantile', 'count_values', 'limitk', 'limit_ratio']);
const EXPERIMENTAL_AGGREGATIONS: ReadonlySet<AggregateOp> = new Set(['limitk', 'limit_ratio']);

/** `f(args)`; argument types are checked with the rest of the tree (type-check.ts). */
export function call(ctx: BuildContext, node: SyntaxNode): Call {
  const identifier = child(node, 'FunctionIdentifier')!;
  // From Prometheus' token: lezer may have read a stand-in (lezer-input.ts).
  const func = ctx.tokens.at(identifier.from)!.text;
  // Prometheus checks the name once the arguments are read: their errors come first.
  const args = expressions(child(node, 'FunctionCallBody')!).map((arg) => ctx.expr(arg));
  const fail = (message: string): never => {
    throw errorAt(ctx, identifier, message);
  };
  if (ctx.unknownCalls.has(identifier.from)) fail(`unknown function with name ${goQuote(func)}`);
  const signature = functionSignature(func);
  // Any other name lezer-promql knows is a function of Prometheus that braid's catalog lacks.
  if (!signature) fail(`function ${goQuote(func)} is not supported by braid`);
  if (signature?.experimental && !ctx.experimental) fail(`function ${goQuote(func)} is not enabled`);
  return { type: 'call', func, args, position: positionOf(ctx, node) };
}

/** `op [by|without (labels)] ([param,] expr)`, the grouping before or after the arguments. */
export function aggregate(ctx: BuildContext, node: SyntaxNode): Aggregate {
  const opNode = child(node, 'AggregateOp')!;
  const op = ctx.query.text.slice(opNode.from, opNode.to).toLowerCase() as AggregateOp;
  const modifier = child(node, 'AggregateModifier');
  const args = expressions(child(node, 'FunctionCallBody')!).map((arg) => ctx.expr(arg));
  const fail = (message: string): never => {
    throw errorAt(ctx, node, message);
  };
  if (args.length === 0) fail('no arguments for aggregate expression provided');
  if (EXPERIMENTAL_AGGREGATIONS.has(op) && !ctx.experimental) fail(`${op}() is experimental and must be enabled with --enable-feature=promql-experimental-functions`);
  const expected = PARAMETRIC.has(op) ? 2 : 1;
  if (args.length !== expected) fail(`wrong number of arguments for aggregate expression provided, expected ${expected}, got ${args.length}`);
  return {
    type: 'aggregate',
    op,
    expr: args[expected - 1]!,
    param: expected === 2 ? args[0] : undefined,
    grouping: groupingLabels(ctx, modifier && child(modifier, 'GroupingLabels')),
    without: modifier !== undefined && children(modifier)[0]?.type.name === 'Without',
    position: positionOf(ctx, node),
  };
}
