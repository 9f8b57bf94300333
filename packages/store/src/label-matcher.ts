import { labelValue, type Labels } from '@braid/model';
import { anchoredGoRegExp } from './go-regexp.js';
import type { LabelMatcher } from './queries.js';

/** A predicate over one label value; regexes anchored at both ends as Prometheus does. */
export function compileMatcher(matcher: LabelMatcher): (value: string) => boolean {
  switch (matcher.op) {
    case '=':
      return (v) => v === matcher.value;
    case '!=':
      return (v) => v !== matcher.value;
    case '=~': {
      const re = anchoredGoRegExp(matcher.value);
      return (v) => re.test(v);
    }
    case '!~': {
      const re = anchoredGoRegExp(matcher.value);
      return (v) => !re.test(v);
    }
  }
}

/** True when a label set satisfies every matcher (an absent label has value ''). */
export function matchesAll(labels: Labels, matchers: readonly LabelMatcher[]): boolean {
  return matchers.every((m) => compileMatcher(m)(labelValue(labels, m.name)));
}
