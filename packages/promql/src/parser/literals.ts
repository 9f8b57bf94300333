import { goQuote } from './strings.js';

/** Duration units with their size in ms and their rank: a duration lists units from the largest down. */
const DURATION_UNITS: ReadonlyMap<string, { readonly ms: number; readonly rank: number }> = new Map([
  ['y', { ms: 31_536_000_000, rank: 1 }],
  ['w', { ms: 604_800_000, rank: 2 }],
  ['d', { ms: 86_400_000, rank: 3 }],
  ['h', { ms: 3_600_000, rank: 4 }],
  ['m', { ms: 60_000, rank: 5 }],
  ['s', { ms: 1000, rank: 6 }],
  ['ms', { ms: 1, rank: 7 }],
]);

/** time.Duration holds nanoseconds in an int64: about 292 years. */
const MAX_DURATION_MS = 2 ** 63 / 1e6;
/** The largest number of seconds a literal may hold as a duration (Prometheus' durationLiteralOutOfRange). */
export const MAX_DURATION_SECONDS = 2 ** 63 / 1e9;

/** A Prometheus duration (model.ParseDuration: 1h30m, 5m, 250ms, or a bare 0) in ms; throws with Go's message. */
export function parseDuration(text: string): number {
  if (text === '0') return 0;
  if (text === '') throw new Error('empty duration string');
  const invalid = (): Error => new Error(`not a valid duration string: ${goQuote(text)}`);
  let total = 0;
  let lastRank = 0;
  for (let rest = text; rest !== ''; ) {
    const part = /^(\d*)(\D*)/.exec(rest)!;
    const [whole, digits = '', unitText = ''] = part;
    if (digits === '' || unitText === '') throw invalid();
    const unit = DURATION_UNITS.get(unitText);
    if (!unit) throw new Error(`unknown unit ${goQuote(unitText)} in duration ${goQuote(text)}`);
    if (unit.rank <= lastRank) throw invalid();
    lastRank = unit.rank;
    total += Number(digits) * unit.ms;
    if (total > MAX_DURATION_MS) throw new Error('duration out of range');
    rest = rest.slice(whole.length);
  }
  return total;
}

/** Go's strconv.ParseInt(text, 0, 64): 0x hex, 0o or leading-0 octal, 0b binary; undefined when it fails. */
function goParseInt(text: string): number | undefined {
  if (!underscoresBetweenDigits(text)) return undefined;
  const prefixed = /^0([xXoObB])_?(.*)$/.exec(text);
  const [radix, digits] = prefixed
    ? [({ x: 16, o: 8, b: 2 } as const)[prefixed[1]!.toLowerCase() as 'x' | 'o' | 'b'], prefixed[2]!]
    : text.length > 1 && text.startsWith('0') ? [8, text.slice(1)] : [10, text];
  const clean = digits.replaceAll('_', '');
  const alphabet = '0123456789abcdef'.slice(0, radix);
  if (clean === '' || ![...clean.toLowerCase()].every((c) => alphabet.includes(c))) return undefined;
  const value = BigInt(radix === 10 ? clean : `0${radix === 16 ? 'x' : radix === 8 ? 'o' : 'b'}${clean}`);
  return value > 2n ** 63n - 1n ? undefined : Number(value);
}

/** Go allows `_` only between digits (or after a base prefix). */
function underscoresBetweenDigits(text: string): boolean {
  return !/(^|[^0-9a-fA-FxXoObB])_|_([^0-9a-fA-F]|$)/.test(text);
}

/** Go's strconv.ParseFloat for the forms PromQL's lexer lets through: decimal, exponent, underscores, Inf, NaN. */
function goParseFloat(text: string): number {
  const lower = text.toLowerCase();
  if (lower === 'inf' || lower === '+inf' || lower === 'infinity') return Infinity;
  if (lower === 'nan') return NaN;
  const clean = text.replaceAll('_', '');
  const valid = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(clean) && underscoresBetweenDigits(text);
  if (!valid) throw new Error(`strconv.ParseFloat: parsing ${goQuote(text)}: invalid syntax`);
  const value = Number(clean);
  if (!Number.isFinite(value)) throw new Error(`strconv.ParseFloat: parsing ${goQuote(text)}: value out of range`);
  return value;
}

/** The value of a NUMBER token as Prometheus' parser reads it: ParseInt with base prefixes, else ParseFloat. */
function numberTokenValue(text: string): number {
  return goParseInt(text) ?? goParseFloat(text);
}

/** The value of a NUMBER or DURATION token, a duration counting its seconds; throws with Prometheus' message. */
export function tokenValue(kind: 'number' | 'duration', text: string): number {
  if (kind === 'duration') return parseDuration(text) / 1000;
  try {
    return numberTokenValue(text);
  } catch (error) {
    throw new Error(`error parsing number: ${(error as Error).message}`);
  }
}

/**
 * Seconds to whole milliseconds as Prometheus gets there: rounded to nanoseconds
 * (time.Duration(math.Round(s * 1e9))), then truncated to ms by the engine.
 */
export function secondsToMs(seconds: number): number {
  return Math.trunc(Math.round(seconds * 1e9) / 1e6) + 0;
}

/** A duration as Prometheus prints it (model.Duration.String): 1h30m, 5m, 250ms; years and weeks only when exact. */
export function formatDuration(ms: number): string {
  if (ms < 0) return `-${formatDuration(-ms)}`;
  if (ms === 0) return '0s';
  let rest = ms;
  let out = '';
  for (const [unit, { ms: size }] of DURATION_UNITS) {
    if ((unit === 'y' || unit === 'w') && rest % size !== 0) continue;
    const amount = Math.floor(rest / size);
    if (amount > 0) {
      out += `${amount}${unit}`;
      rest -= amount * size;
    }
  }
  return out;
}
