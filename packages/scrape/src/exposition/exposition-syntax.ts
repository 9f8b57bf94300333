import type { Label } from '@braid/model';

/* The small pieces of the exposition syntax the cursor is built from. */

const TAB = 9;
const SPACE = 32;
const QUOTE = 34;
const BACKSLASH = 92;

/** Sorts by name in place (insertion sort: label sets are small); returns a repeated name, if any. */
export function sortLabels(labels: Label[]): string | undefined {
  for (let i = 1; i < labels.length; i++) {
    const label = labels[i]!;
    let j = i - 1;
    while (j >= 0 && labels[j]!.name > label.name) {
      labels[j + 1] = labels[j]!;
      j--;
    }
    labels[j + 1] = label;
  }
  for (let i = 1; i < labels.length; i++) if (labels[i]!.name === labels[i - 1]!.name) return labels[i]!.name;
  return undefined;
}

/** Prometheus treats an empty label value as an absent label. */
export function dropEmpty(labels: Label[]): Label[] {
  for (const l of labels) if (l.value === '') return labels.filter((x) => x.value !== '');
  return labels;
}

/** `\\`, `\"` and `\n` are escapes; any other backslash stays as written (Prometheus' rule). */
export function unescapeLabelValue(raw: string): string {
  let out = '';
  let from = 0;
  for (let i = raw.indexOf('\\'); i !== -1 && i < raw.length - 1; i = raw.indexOf('\\', i)) {
    const next = raw.charCodeAt(i + 1);
    const replacement = next === BACKSLASH ? '\\' : next === QUOTE ? '"' : next === 110 ? '\n' : undefined;
    if (replacement === undefined) {
      i += 2;
      continue;
    }
    out += raw.slice(from, i) + replacement;
    from = i + 2;
    i += 2;
  }
  return out + raw.slice(from);
}

/** HELP text escapes `\\` and `\n`, and in OpenMetrics also `\"`. */
export function unescapeHelp(raw: string, om: boolean): string {
  if (!raw.includes('\\')) return raw;
  return raw.replace(/\\([\\n"])/g, (whole, c: string) => (c === 'n' ? '\n' : c === '\\' ? '\\' : om ? '"' : whole));
}

export function isBlank(c: number): boolean {
  return c === SPACE || c === TAB;
}

export function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function isLabelStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

export function isNameStart(c: number): boolean {
  return isLabelStart(c) || c === 58;
}
