import { STALE_NAN, type Labels } from '@braid/model';
import { durationMs } from '../../src/parser/literals.js';

/** One point of a series description: a value, or omitted (`_`). */
export type SequenceValue = number | undefined;

/** A series line of a test script: labels and its expanded points; `unsupported` for native histograms. */
export interface SeriesLine {
  readonly labels: Labels;
  readonly values: SequenceValue[];
  readonly unsupported?: string;
  /** The line had native histogram samples, loaded as gaps. */
  readonly histograms?: boolean;
}

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', '\\': '\\', '"': '"', "'": "'" };

function readQuoted(text: string, start: number): [string, number] {
  const quote = text[start]!;
  let out = '';
  let i = start + 1;
  while (i < text.length && text[i] !== quote) {
    if (text[i] === '\\' && i + 1 < text.length) {
      out += ESCAPES[text[i + 1]!] ?? text[i + 1];
      i += 2;
    } else out += text[i++];
  }
  return [out, i + 1];
}

/** `metric{a="b", "c.d"="e"}` or `{"metric", a="b"}` → sorted labels; returns where the descriptor ends. */
export function parseSeriesDescriptor(text: string): [Labels, number] {
  const record: Record<string, string> = {};
  let i = 0;
  const name = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(text)?.[0];
  if (name) {
    record.__name__ = name;
    i = name.length;
  }
  if (text[i] === '{') {
    i++;
    while (i < text.length && text[i] !== '}') {
      while (text[i] === ' ' || text[i] === ',') i++;
      if (text[i] === '}') break;
      let label: string;
      if (text[i] === '"' || text[i] === "'") [label, i] = readQuoted(text, i);
      else {
        label = /^[^=!~\s,}]+/.exec(text.slice(i))![0];
        i += label.length;
      }
      while (text[i] === ' ') i++;
      if (text[i] !== '=') {
        record.__name__ = label;
        continue;
      }
      i++;
      while (text[i] === ' ') i++;
      let value: string;
      [value, i] = readQuoted(text, i);
      record[label] = value;
    }
    i++;
  }
  const labels = Object.keys(record)
    .filter((k) => record[k] !== '')
    .sort()
    .map((k) => ({ name: k, value: record[k]! }));
  return [labels, i];
}

function number(text: string): number {
  const lower = text.toLowerCase();
  if (lower === 'stale') return STALE_NAN;
  if (/^[+-]?inf$/.test(lower)) return lower.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/.test(lower)) return NaN;
  const duration = durationMs(text.replace(/^[+-]/, ''));
  if (duration !== undefined) return ((text.startsWith('-') ? -1 : 1) * duration) / 1000;
  const value = Number(text);
  if (Number.isNaN(value)) throw new Error(`bad series value "${text}"`);
  return value;
}

/** Expands `1+2x3`, `1-2x3`, `1x3`, `_`, `_x3`, `stale`, numbers, as promtool's series notation does. */
export function expandValues(text: string): SequenceValue[] {
  const out: SequenceValue[] = [];
  for (const token of text.trim().split(/\s+/).filter(Boolean)) {
    // Native histogram samples (braid stores none) leave a gap; `{{…}}x3` repeats it.
    const histogram = /^HISTOGRAM(?:x(\d+))?$/.exec(token);
    if (histogram) {
      out.push(...Array<undefined>(histogram[1] ? Number(histogram[1]) + 1 : 1).fill(undefined));
      continue;
    }
    const blank = /^_(?:x(\d+))?$/.exec(token);
    if (blank) {
      out.push(...Array<undefined>(blank[1] ? Number(blank[1]) : 1).fill(undefined));
      continue;
    }
    const step = /^([+-]?[^+\-x]+(?:e[+-]?\d+)?)([+-][^x]+)x(\d+)$/i.exec(token);
    if (step) {
      let value = number(step[1]!);
      const delta = number(step[2]!);
      for (let i = 0; i <= Number(step[3]); i++, value += delta) out.push(value);
      continue;
    }
    const repeat = /^([^x]+)x(\d+)$/.exec(token);
    if (repeat) {
      out.push(...Array<number>(Number(repeat[2]) + 1).fill(number(repeat[1]!)));
      continue;
    }
    out.push(number(token));
  }
  return out;
}

/** A series line; notation braid does not support (native histograms, start timestamps) marks it unsupported. */
export function parseSeriesLine(line: string): SeriesLine {
  const [labels, end] = parseSeriesDescriptor(line.trim());
  const rest = line.trim().slice(end);
  try {
    const withoutHistograms = rest.replace(/\{\{[^}]*\}\}/g, 'HISTOGRAM');
    if (withoutHistograms.includes('+HISTOGRAM') || withoutHistograms.includes('-HISTOGRAM')) return { labels, values: [], unsupported: 'native histogram series' };
    return { labels, values: expandValues(withoutHistograms), ...(withoutHistograms !== rest && { histograms: true }) };
  } catch (error) {
    return { labels, values: [], unsupported: (error as Error).message };
  }
}
