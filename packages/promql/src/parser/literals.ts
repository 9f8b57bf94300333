import { PromQLError } from '../query.js';

const DURATION_UNITS: Readonly<Record<string, number>> = { y: 31_536_000_000, w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
const DURATION = /^(?:\d+(?:y|w|d|h|ms|m|s))+$/;

/** A Prometheus duration (1h30m, 5m, 250ms) in milliseconds, or undefined when the text is not one. */
export function durationMs(text: string): number | undefined {
  if (!DURATION.test(text)) return undefined;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+)(ms|y|w|d|h|m|s)/g)) total += Number(amount) * DURATION_UNITS[unit!]!;
  return total;
}

/** A number literal: decimal, scientific, hex, Inf/NaN, or a duration meaning its seconds (Prometheus 3). */
export function numberValue(text: string): number {
  const clean = text.replaceAll('_', '');
  const sign = clean.startsWith('-') ? -1 : 1;
  const body = clean.replace(/^[+-]/, '');
  const lower = body.toLowerCase();
  if (lower === 'inf') return sign * Infinity;
  if (lower === 'nan') return NaN;
  if (/^0x[0-9a-f]+$/i.test(body)) return sign * parseInt(body.slice(2), 16);
  const duration = durationMs(body);
  if (duration !== undefined) return (sign * duration) / 1000;
  const value = Number(body);
  if (body === '' || Number.isNaN(value)) throw new PromQLError('bad_data', `bad number or duration syntax: "${text}"`);
  return sign * value;
}

/** A duration in a range, offset or step: a duration literal, or a number of seconds. */
export function durationValueMs(text: string): number {
  const duration = durationMs(text);
  if (duration !== undefined) return duration;
  const seconds = numberValue(text);
  if (!Number.isFinite(seconds)) throw new PromQLError('bad_data', `invalid duration "${text}"`);
  return Math.round(seconds * 1000);
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"' };

/** A string literal's value: Go escapes inside "…" and '…', raw inside `…`. */
export function stringValue(text: string): string {
  const quote = text[0];
  if (text.length < 2 || text[text.length - 1] !== quote) throw new PromQLError('bad_data', `unterminated quoted string ${text}`);
  const body = text.slice(1, -1);
  if (quote === '`') return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = body[++i];
    if (next === undefined) throw new PromQLError('bad_data', `invalid escape at end of ${text}`);
    if (next in SIMPLE_ESCAPES) out += SIMPLE_ESCAPES[next];
    else if (next === 'x' || next === 'u' || next === 'U') {
      const width = next === 'x' ? 2 : next === 'u' ? 4 : 8;
      const hex = body.slice(i + 1, i + 1 + width);
      if (!new RegExp(`^[0-9a-fA-F]{${width}}$`).test(hex)) throw new PromQLError('bad_data', `invalid escape sequence in ${text}`);
      out += next === 'x' ? String.fromCharCode(parseInt(hex, 16)) : String.fromCodePoint(parseInt(hex, 16));
      i += width;
    } else if (/[0-7]/.test(next)) {
      const octal = body.slice(i, i + 3);
      if (!/^[0-7]{3}$/.test(octal)) throw new PromQLError('bad_data', `invalid escape sequence in ${text}`);
      out += String.fromCharCode(parseInt(octal, 8));
      i += 2;
    } else throw new PromQLError('bad_data', `unknown escape sequence "\\${next}" in ${text}`);
  }
  return out;
}

/** A duration as Prometheus prints it: 1h30m, 5m, 250ms; whole years and weeks first. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(ms);
  let out = '';
  for (const [unit, size] of Object.entries(DURATION_UNITS)) {
    const amount = Math.floor(rest / size);
    if (amount > 0) {
      out += `${amount}${unit}`;
      rest -= amount * size;
    }
  }
  return sign + out;
}
