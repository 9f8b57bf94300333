import { compileGoRegexp } from '../relabel/go-regexp.js';
import { DEFAULT_REGEX, DEFAULT_REPLACEMENT, DEFAULT_SEPARATOR, RELABEL_ACTIONS, type RelabelAction, type RelabelRule } from '../relabel/relabel-rule.js';
import type { ConfigReader } from './config-reader.js';

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** A label name that may hold `$1` / `${name}` references (Prometheus' `relabelTarget`). */
const LABEL_TEMPLATE = /^(?:(?:[a-zA-Z_]|\$(?:\{\w+\}|\w+))+\w*)+$/;
const FIELDS = ['source_labels', 'separator', 'regex', 'target_label', 'replacement', 'modulus', 'action'];
const NEEDS_TARGET: ReadonlySet<RelabelAction> = new Set(['replace', 'hashmod', 'lowercase', 'uppercase', 'keepequal', 'dropequal']);

/** Reads a `relabel_configs` list, checking each rule as Prometheus' `relabel.Config.Validate` does. */
export function parseRelabelConfigs(reader: ConfigReader, value: unknown, path: string): RelabelRule[] {
  const rules: RelabelRule[] = [];
  reader.list(value, path).forEach((item, i) => {
    const rule = parseRelabelConfig(reader, item, `${path}[${i}]`);
    if (rule) rules.push(rule);
  });
  return rules;
}

function parseRelabelConfig(reader: ConfigReader, value: unknown, path: string): RelabelRule | undefined {
  const map = reader.map(value, path);
  if (!map) {
    if (value === null || value === undefined) reader.error(path, 'empty relabel rule');
    return undefined;
  }
  const errorsBefore = reader.errors.length;
  reader.checkKeys(map, path, FIELDS);
  const actionText = (reader.string(map.action, `${path}.action`) ?? 'replace').toLowerCase();
  const action = RELABEL_ACTIONS.find((a) => a === actionText);
  if (action === undefined) reader.error(`${path}.action`, `unknown relabel action "${actionText}": expected one of ${RELABEL_ACTIONS.join(', ')}`);
  const sourceLabels = reader.list(map.source_labels, `${path}.source_labels`).map((v, i) => reader.string(v, `${path}.source_labels[${i}]`) ?? '');
  for (const name of sourceLabels) if (!LABEL_NAME.test(name)) reader.error(`${path}.source_labels`, `"${name}" is not a valid label name`);
  const separator = reader.string(map.separator, `${path}.separator`);
  const regexText = reader.string(map.regex, `${path}.regex`);
  const targetLabel = reader.string(map.target_label, `${path}.target_label`);
  const replacement = reader.string(map.replacement, `${path}.replacement`);
  const modulus = reader.count(map.modulus, `${path}.modulus`);
  const regex = compileGoRegexp(regexText ?? DEFAULT_REGEX);
  if (!regex.ok) reader.error(`${path}.regex`, regex.error);
  if (action === undefined || !regex.ok) return undefined;

  const rule: RelabelRule = {
    action,
    sourceLabels,
    separator: separator ?? DEFAULT_SEPARATOR,
    regex: regex.value,
    targetLabel: targetLabel ?? '',
    replacement: replacement ?? DEFAULT_REPLACEMENT,
    modulus: modulus ?? 0,
  };
  const problem = ruleProblem(rule, {
    sourceLabels: map.source_labels !== undefined,
    separator: separator !== undefined,
    regex: regexText !== undefined,
    targetLabel: targetLabel !== undefined,
    replacement: replacement !== undefined,
    modulus: modulus !== undefined,
  });
  if (problem) reader.error(path, problem);
  return reader.errors.length === errorsBefore ? rule : undefined;
}

type Given = Readonly<Record<'sourceLabels' | 'separator' | 'regex' | 'targetLabel' | 'replacement' | 'modulus', boolean>>;

function ruleProblem(rule: RelabelRule, given: Given): string | undefined {
  const { action, targetLabel } = rule;
  if (action === 'hashmod' && rule.modulus === 0) return 'hashmod requires a non-zero "modulus"';
  if (NEEDS_TARGET.has(action) && targetLabel === '') return `${action} requires "target_label"`;
  if (action === 'replace' && !(targetLabel.includes('$') ? LABEL_TEMPLATE : LABEL_NAME).test(targetLabel)) return `"${targetLabel}" is not a valid "target_label" for replace`;
  if (NEEDS_TARGET.has(action) && action !== 'replace' && !LABEL_NAME.test(targetLabel)) return `"${targetLabel}" is not a valid "target_label" for ${action}`;
  if ((action === 'lowercase' || action === 'uppercase') && given.replacement) return `"replacement" cannot be set for ${action}`;
  if (action === 'labelmap' && !LABEL_TEMPLATE.test(rule.replacement)) return `"${rule.replacement}" is not a valid "replacement" for labelmap`;
  if ((action === 'keepequal' || action === 'dropequal') && (given.regex || given.modulus || given.separator || given.replacement)) {
    return `${action} takes only "source_labels" and "target_label"`;
  }
  if ((action === 'labeldrop' || action === 'labelkeep') && (given.sourceLabels || given.targetLabel || given.modulus || given.separator || given.replacement)) {
    return `${action} takes only "regex"`;
  }
  return undefined;
}
