import type { SyntaxNode } from '@lezer/common';
import { children, errorAt, type BuildContext } from './build-context.js';
import { stringText } from './selectors.js';
import { goQuote } from './strings.js';

/** The labels of a `(a, b, "c.d")` list after by/without/on/ignoring/group_left/group_right; none when absent. */
export function groupingLabels(ctx: BuildContext, node: SyntaxNode | undefined): string[] {
  if (!node) return [];
  return children(node).map((label) => {
    if (label.type.name === 'LabelName') return ctx.query.text.slice(label.from, label.to);
    const name = stringText(ctx, label);
    // Prometheus 3 takes any UTF-8 label name, except the empty one.
    if (name === '') throw errorAt(ctx, label, `invalid label name for grouping: ${goQuote(name)}`);
    return name;
  });
}
