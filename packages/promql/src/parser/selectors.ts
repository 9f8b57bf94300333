import type { SyntaxNode } from '@lezer/common';
import type { LabelMatcher } from '@braid/store';
import type { VectorSelector } from '../ast.js';
import { child, children, errorAt, positionOf, type BuildContext } from './build-context.js';
import { regexError } from './regex.js';
import { unquote } from './strings.js';

const MATCH_OPS: Readonly<Record<string, LabelMatcher['op']>> = { EqlSingle: '=', Neq: '!=', EqlRegex: '=~', NeqRegex: '!~' };

/**
 * `name{matchers}`. A name before the braces becomes the first matcher, `__name__="name"`; a
 * quoted name inside the braces (`{"my.metric"}`) is a matcher where it stands and leaves
 * `name` unset, as in Prometheus.
 */
export function vectorSelector(ctx: BuildContext, node: SyntaxNode): VectorSelector {
  const identifier = child(node, 'Identifier');
  const name = identifier ? ctx.query.text.slice(identifier.from, identifier.to) : undefined;
  const matchers: LabelMatcher[] = name === undefined ? [] : [{ name: '__name__', op: '=', value: name }];
  const braces = child(node, 'LabelMatchers');
  for (const item of braces ? children(braces) : []) matchers.push(labelMatcher(ctx, item));
  return { type: 'vectorSelector', name, matchers, offsetMs: 0, at: undefined, position: positionOf(ctx, node) };
}

function labelMatcher(ctx: BuildContext, node: SyntaxNode): LabelMatcher {
  if (node.type.name === 'QuotedLabelName') return { name: '__name__', op: '=', value: stringText(ctx, node) };
  const [label, operator, value] = children(node);
  const name = label!.type.name === 'QuotedLabelName' ? stringText(ctx, label!) : ctx.query.text.slice(label!.from, label!.to);
  const op = MATCH_OPS[operator!.firstChild?.type.name ?? ''];
  if (!op) throw errorAt(ctx, operator!, 'unexpected label matching operator');
  const matcher: LabelMatcher = { name, op, value: stringText(ctx, value!) };
  const invalid = op === '=~' || op === '!~' ? regexError(matcher.value) : undefined;
  if (invalid) throw errorAt(ctx, label!, invalid);
  return matcher;
}

/** The value of a StringLiteral node, or of the one inside a QuotedLabelName. */
export function stringText(ctx: BuildContext, node: SyntaxNode): string {
  const literal = node.type.name === 'StringLiteral' ? node : child(node, 'StringLiteral')!;
  return unquote(ctx.query.text.slice(literal.from, literal.to));
}
