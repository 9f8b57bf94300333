import { METRIC_NAME_LABEL, labelValue } from '@braid/model';
import { anchoredGoRegExp } from '@braid/store';
import { PromQLError } from '../query.js';
import { withLabel } from './labels.js';
import type { StepSeries } from './values.js';

const LABEL_NAME = /^[\s\S]+$/u;

/** label_replace(v, dst, replacement, src, regex): where the anchored regex matches src, sets dst to the expanded replacement. */
export function labelReplace(input: StepSeries[], dst: string, replacement: string, src: string, pattern: string): StepSeries[] {
  let regex: RegExp;
  try {
    regex = anchoredGoRegExp(pattern);
  } catch {
    throw new PromQLError('execution', `invalid regular expression in label_replace(): ${pattern}`);
  }
  if (!LABEL_NAME.test(dst)) throw new PromQLError('execution', `invalid destination label name in label_replace(): ${dst}`);
  for (const s of input) {
    const value = labelValue(s.labels, src);
    const match = regex.exec(value);
    if (!match) continue;
    s.labels = withLabel(s.labels, dst, expandTemplate(replacement, match));
    if (dst === METRIC_NAME_LABEL) s.dropName = false;
  }
  return input;
}

/** label_join(v, dst, separator, src...): dst becomes the source labels' values joined. */
export function labelJoin(input: StepSeries[], dst: string, separator: string, sources: readonly string[]): StepSeries[] {
  for (const name of [...sources, dst]) if (!LABEL_NAME.test(name)) throw new PromQLError('execution', `invalid destination label name in label_join(): ${name}`);
  for (const s of input) {
    const joined = sources.map((name) => labelValue(s.labels, name)).join(separator);
    s.labels = withLabel(s.labels, dst, joined);
    if (dst === METRIC_NAME_LABEL) s.dropName = false;
  }
  return input;
}

/** Go's regexp Expand: $1, ${1}, $name, ${name}, $$; a name takes the longest run of word characters. */
function expandTemplate(template: string, match: RegExpExecArray): string {
  return template.replace(/\$(?:\$|\{(\w+)\}|(\w+))/g, (whole, braced: string | undefined, bare: string | undefined) => {
    if (whole === '$$') return '$';
    const name = braced ?? bare!;
    if (/^\d+$/.test(name)) return match[Number(name)] ?? '';
    return match.groups?.[name] ?? '';
  });
}
