import { createHash } from 'node:crypto';
import type { Label, Labels } from '@braid/model';
import { expandTemplate } from './go-regexp.js';
import type { RelabelRule } from './relabel-rule.js';

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * Applies relabel rules in order, as Prometheus' `relabel.Process` does. Returns the new sorted
 * labels, or undefined when a keep/drop rule drops the label set. Setting a label to "" removes it.
 */
export function relabel(labels: Labels, rules: readonly RelabelRule[]): Labels | undefined {
  if (rules.length === 0) return labels;
  const builder = new Map<string, string>();
  for (const l of labels) builder.set(l.name, l.value);
  for (const rule of rules) if (!apply(builder, rule)) return undefined;
  const out: Label[] = [];
  for (const [name, value] of builder) if (value !== '') out.push({ name, value });
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Applies one rule; false when the label set is dropped. */
function apply(lb: Map<string, string>, rule: RelabelRule): boolean {
  const value = sourceValue(lb, rule);
  const re = rule.regex.anchored;
  switch (rule.action) {
    case 'drop':
      return !re.test(value);
    case 'keep':
      return re.test(value);
    case 'dropequal':
      return (lb.get(rule.targetLabel) ?? '') !== value;
    case 'keepequal':
      return (lb.get(rule.targetLabel) ?? '') === value;
    case 'replace': {
      const match = re.exec(value);
      if (match === null) return true;
      const target = expandTemplate(rule.targetLabel, match);
      if (!LABEL_NAME.test(target)) return true;
      set(lb, target, expandTemplate(rule.replacement, match));
      return true;
    }
    case 'lowercase':
      set(lb, rule.targetLabel, value.toLowerCase());
      return true;
    case 'uppercase':
      set(lb, rule.targetLabel, value.toUpperCase());
      return true;
    case 'hashmod':
      set(lb, rule.targetLabel, String(hashmod(value, rule.modulus)));
      return true;
    case 'labelmap':
      // Over a snapshot: names the rule adds are not mapped again.
      for (const [name, labelValue] of [...lb]) {
        const match = re.exec(name);
        if (match !== null) set(lb, expandTemplate(rule.replacement, match), labelValue);
      }
      return true;
    case 'labeldrop':
      for (const name of [...lb.keys()]) if (re.test(name)) lb.delete(name);
      return true;
    case 'labelkeep':
      for (const name of [...lb.keys()]) if (!re.test(name)) lb.delete(name);
      return true;
  }
}

function sourceValue(lb: Map<string, string>, rule: RelabelRule): string {
  const names = rule.sourceLabels;
  if (names.length === 1) return lb.get(names[0]!) ?? '';
  return names.map((name) => lb.get(name) ?? '').join(rule.separator);
}

function set(lb: Map<string, string>, name: string, value: string): void {
  if (value === '') lb.delete(name);
  else lb.set(name, value);
}

/** Prometheus' hashmod: the low 64 bits of the value's MD5, big-endian, modulo the modulus. */
export function hashmod(value: string, modulus: number): bigint {
  const digest = createHash('md5').update(value).digest();
  return digest.readBigUInt64BE(8) % BigInt(modulus);
}
