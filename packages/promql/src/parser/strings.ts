/*
 * PromQL string literals follow Go's: escapes inside "…" and '…', raw text inside `…`. Go strings
 * are bytes, so `\xc3\xa9` is one é; bytes that are not UTF-8 become U+FFFD, as JS strings can
 * hold no invalid UTF-8.
 */

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92, "'": 39, '"': 34 };
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The value of a string literal token (strutil.Unquote); the lexer has already rejected bad escapes. */
export function unquote(text: string): string {
  const quote = text[0];
  const body = text.slice(1, -1);
  if (quote === '`' || !body.includes('\\')) return body;
  const bytes: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      const code = body.codePointAt(i)!;
      if (code > 0xffff) i++;
      bytes.push(...encoder.encode(String.fromCodePoint(code)));
      continue;
    }
    const next = body[++i]!;
    if (next in SIMPLE_ESCAPES) {
      bytes.push(SIMPLE_ESCAPES[next]!);
    } else if (next === 'x') {
      bytes.push(parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (next === 'u' || next === 'U') {
      const width = next === 'u' ? 4 : 8;
      bytes.push(...encoder.encode(String.fromCodePoint(parseInt(body.slice(i + 1, i + 1 + width), 16))));
      i += width;
    } else {
      bytes.push(parseInt(body.slice(i, i + 3), 8));
      i += 2;
    }
  }
  return decoder.decode(new Uint8Array(bytes));
}

const QUOTE_ESCAPES: Readonly<Record<string, string>> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '\\': '\\\\', '"': '\\"' };

/** A string as Go's strconv.Quote writes it: printable characters kept, others escaped. */
export function goQuote(value: string): string {
  let out = '"';
  for (const c of value) {
    const escaped = QUOTE_ESCAPES[c];
    if (escaped) out += escaped;
    else if (isPrintable(c)) out += c;
    else out += escapeCodePoint(c.codePointAt(0)!);
  }
  return `${out}"`;
}

/** A rune as Go's %q writes it: 'x'. */
export function goQuoteRune(c: string): string {
  if (c === "'") return "'\\''";
  if (c === '"') return `'"'`;
  const escaped = QUOTE_ESCAPES[c];
  if (escaped) return `'${escaped}'`;
  return isPrintable(c) ? `'${c}'` : `'${escapeCodePoint(c.codePointAt(0)!)}'`;
}

/** A rune as Go's %#U writes it: U+0063 'c'. */
export function goUnicode(c: string): string {
  const hex = c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
  return isPrintable(c) ? `U+${hex} '${c}'` : `U+${hex}`;
}

function escapeCodePoint(code: number): string {
  if (code < 0x80) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code <= 0xffff) return `\\u${code.toString(16).padStart(4, '0')}`;
  return `\\U${code.toString(16).padStart(8, '0')}`;
}

function isPrintable(c: string): boolean {
  return /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(c);
}
