import type { GoRegexp } from './go-regexp.js';

/** The relabel actions Prometheus documents. */
export const RELABEL_ACTIONS = ['replace', 'keep', 'drop', 'hashmod', 'labelmap', 'labeldrop', 'labelkeep', 'lowercase', 'uppercase', 'keepequal', 'dropequal'] as const;
export type RelabelAction = (typeof RELABEL_ACTIONS)[number];

/** One validated `relabel_configs` / `metric_relabel_configs` entry with Prometheus' defaults filled in. */
export interface RelabelRule {
  readonly action: RelabelAction;
  readonly sourceLabels: readonly string[];
  readonly separator: string;
  readonly regex: GoRegexp;
  readonly targetLabel: string;
  readonly replacement: string;
  readonly modulus: number;
}

export const DEFAULT_SEPARATOR = ';';
export const DEFAULT_REGEX = '(.*)';
export const DEFAULT_REPLACEMENT = '$1';
