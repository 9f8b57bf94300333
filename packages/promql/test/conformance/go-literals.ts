// The literals of the test scripts are read by Go's strconv and prometheus/common's model package;
// these mirror them here so the runner does not depend on braid's own PromQL parser.

const UNIT_MS: ReadonlyMap<string, { ms: number; order: number }> = new Map([
  ['y', { ms: 365 * 24 * 3_600_000, order: 1 }],
  ['w', { ms: 7 * 24 * 3_600_000, order: 2 }],
  ['d', { ms: 24 * 3_600_000, order: 3 }],
  ['h', { ms: 3_600_000, order: 4 }],
  ['m', { ms: 60_000, order: 5 }],
  ['s', { ms: 1000, order: 6 }],
  ['ms', { ms: 1, order: 7 }],
]);

/** model.ParseDuration: `0`, or units from largest to smallest (`1h30m`, `10ms`); no sign, no fractions. */
export function parseDuration(text: string): number {
  if (text === '0') return 0;
  if (text === '') throw new Error('empty duration string');
  let ms = 0;
  let lastOrder = 0;
  for (const part of text.matchAll(/(\d+)(\D+)|(.+)/g)) {
    const unit = part[2] === undefined ? undefined : UNIT_MS.get(part[2]);
    if (!unit || unit.order <= lastOrder) throw new Error(`not a valid duration string: "${text}"`);
    lastOrder = unit.order;
    ms += Number(part[1]) * unit.ms;
  }
  return ms;
}

const GO_INT = /^[+-]?(?:0[xX](?:_?[0-9a-fA-F])+|0[bB](?:_?[01])+|0[oO](?:_?[0-7])+|0(?:_?[0-7])*|[1-9](?:_?\d)*)$/;
const GO_DECIMAL_FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const GO_HEX_FLOAT = /^([+-]?)0[xX]((?:_?[0-9a-fA-F])*)(?:\.([0-9a-fA-F_]*))?[pP]([+-]?\d+)$/;
const GO_SPECIAL_FLOAT = /^([+-]?)(inf|infinity|nan)$/i;
const INT64_MAX = 2n ** 63n - 1n;

/** strconv.ParseInt(text, 0, 64): prefixes 0x/0o/0b and a bare leading 0 for octal, underscores between digits. */
function parseGoInt(text: string): number | undefined {
  if (!GO_INT.test(text)) return undefined;
  const negative = text.startsWith('-');
  let digits = text.replace(/^[+-]/, '').replaceAll('_', '');
  if (/^0\d/.test(digits)) digits = `0o${digits.slice(1)}`;
  const magnitude = BigInt(digits);
  if (magnitude > INT64_MAX + (negative ? 1n : 0n)) return undefined;
  return Number(negative ? -magnitude : magnitude);
}

/** strconv.ParseFloat(text, 64): decimal and hexadecimal floats, Inf/Infinity/NaN in any case. */
function parseGoFloat(text: string): number | undefined {
  const special = GO_SPECIAL_FLOAT.exec(text);
  if (special) return special[2]!.toLowerCase() === 'nan' ? NaN : special[1] === '-' ? -Infinity : Infinity;
  if (GO_DECIMAL_FLOAT.test(text)) return Number(text);
  const hex = GO_HEX_FLOAT.exec(text);
  if (!hex) return undefined;
  const [, sign, whole, fraction = '', exponent] = hex;
  const mantissa = `${whole}${fraction}`.replaceAll('_', '');
  if (mantissa === '') return undefined;
  const value = Number.parseInt(mantissa, 16) * 2 ** (Number(exponent) - 4 * fraction.replaceAll('_', '').length);
  return sign === '-' ? -value : value;
}

/** How Prometheus reads a number of a test script: strconv.ParseInt(s, 0, 64), else strconv.ParseFloat(s, 64). */
export function parseGoNumber(text: string): number {
  const value = parseGoInt(text) ?? parseGoFloat(text);
  if (value === undefined) throw new Error(`error parsing number: "${text}"`);
  return value;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };

/** strconv.Unquote's escapes inside a `"` or `'` string (\x and octal escapes are UTF-8 bytes); returns the value and the index after the closing quote. */
export function readGoQuoted(text: string, start: number): [string, number] {
  const quote = text[start];
  if (quote === '`') {
    const end = text.indexOf('`', start + 1);
    if (end < 0) throw new Error(`unterminated raw string in ${text}`);
    return [text.slice(start + 1, end), end + 1];
  }
  if (quote !== '"' && quote !== "'") throw new Error(`expected a quoted string at "${text.slice(start)}"`);
  const bytes: number[] = [];
  const push = (s: string): void => void bytes.push(...Buffer.from(s, 'utf8'));
  let i = start + 1;
  while (i < text.length && text[i] !== quote) {
    if (text[i] !== '\\') {
      const char = String.fromCodePoint(text.codePointAt(i)!);
      push(char);
      i += char.length;
      continue;
    }
    const escape = text[i + 1] ?? '';
    const hexDigits = { x: 2, u: 4, U: 8 }[escape];
    const hex = hexDigits === undefined ? '' : text.slice(i + 2, i + 2 + hexDigits);
    if (SIMPLE_ESCAPES[escape] !== undefined || escape === quote) {
      push(SIMPLE_ESCAPES[escape] ?? quote);
      i += 2;
    } else if (hexDigits !== undefined && hex.length === hexDigits && /^[0-9a-fA-F]+$/.test(hex)) {
      if (escape === 'x') bytes.push(Number.parseInt(hex, 16));
      else push(String.fromCodePoint(Number.parseInt(hex, 16)));
      i += 2 + hexDigits;
    } else if (/^[0-7]{3}$/.test(text.slice(i + 1, i + 4))) {
      bytes.push(Number.parseInt(text.slice(i + 1, i + 4), 8) & 0xff);
      i += 4;
    } else throw new Error(`invalid escape \\${escape} in ${text}`);
  }
  if (i >= text.length) throw new Error(`unterminated string in ${text}`);
  return [Buffer.from(bytes).toString('utf8'), i + 1];
}

/** strconv.Unquote of a whole string: `"…"`, `'…'` or a backquoted raw string, nothing around it. */
export function unquoteGo(text: string): string {
  const [value, end] = readGoQuoted(text, 0);
  if (end !== text.length) throw new Error(`invalid quoted string ${text}`);
  return value;
}
