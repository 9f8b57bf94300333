import { goQuote, goQuoteRune, goUnicode } from './strings.js';

/*
 * Prometheus' Go lexer (promql/parser/lex.go), kept beside lezer's for three things lezer's
 * tokenizer does differently: lexical errors worded as Prometheus words them, the tokens named
 * in "unexpected …" messages, and numbers Go accepts that lezer does not (`1.`, `0X1F`).
 */

export type TokenKind =
  | 'number' | 'duration' | 'string' | 'identifier' | 'metricIdentifier'
  | 'keyword' | 'operator' | 'aggregator' | 'preprocessor' | 'punctuation';

/** A token; offsets are UTF-16 indices into the query. */
export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

export interface LexicalError {
  /** Where Prometheus reports the error (its lexer's item start). */
  readonly index: number;
  /** Where the failing item began: a syntax error before it is reported instead. */
  readonly from: number;
  readonly message: string;
}

export interface Lexed {
  readonly tokens: readonly Token[];
  /** The first lexical error; Prometheus' lexer stops there. */
  readonly error: LexicalError | undefined;
}

const WORDS: ReadonlyMap<string, TokenKind> = new Map([
  ...['and', 'or', 'unless', 'atan2'].map((w) => [w, 'operator'] as const),
  ...['sum', 'avg', 'count', 'min', 'max', 'group', 'stddev', 'stdvar', 'topk', 'bottomk', 'count_values', 'quantile', 'limitk', 'limit_ratio'].map((w) => [w, 'aggregator'] as const),
  ...['offset', 'smoothed', 'anchored', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'fill', 'fill_left', 'fill_right', 'bool'].map((w) => [w, 'keyword'] as const),
  ...['start', 'end', 'step', 'range', 'max_of', 'min_of'].map((w) => [w, 'preprocessor'] as const),
  ['inf', 'number'],
  ['nan', 'number'],
]);
const DURATION_KEYWORDS = new Set(['step', 'range', 'max_of', 'min_of']);
const SINGLE_OPERATORS = new Set(['*', '/', '%', '+', '-', '^', '@']);

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isAlpha = (c: string | undefined): boolean => c !== undefined && (c === '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
const isAlphaNumeric = (c: string | undefined): boolean => isAlpha(c) || isDigit(c);
const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';

/** Thrown inside the lexer to stop at the first error, as Prometheus' lexer does. */
class Stop {
  constructor(readonly error: LexicalError) {}
}

type Mode = 'statements' | 'braces' | 'duration';

class Lexer {
  readonly tokens: Token[] = [];
  private pos = 0;
  private start = 0;
  private itemStart = 0;
  private mode: Mode = 'statements';
  private parenDepth = 0;
  private bracketOpen = false;
  private gotColon = false;
  private gotDuration = false;

  constructor(private readonly input: string) {}

  run(): void {
    for (;;) {
      this.itemStart = this.pos;
      if (this.mode === 'braces') this.insideBraces();
      else if (this.mode === 'duration') this.durationExpr();
      else if (!this.statement()) return;
    }
  }

  private peek(offset = 0): string | undefined {
    return this.input[this.pos + offset];
  }

  private next(): string | undefined {
    const c = this.input[this.pos];
    if (c !== undefined) this.pos++;
    return c;
  }

  private emit(kind: TokenKind): void {
    this.tokens.push({ kind, text: this.input.slice(this.start, this.pos), start: this.start, end: this.pos });
    this.start = this.pos;
  }

  private fail(message: string): never {
    throw new Stop({ index: this.start, from: this.itemStart, message });
  }

  private skip(): void {
    this.start = this.pos;
  }

  private skipSpaces(): void {
    while (isSpace(this.peek())) this.pos++;
    this.skip();
  }

  private skipComment(): boolean {
    if (this.peek() !== '#') return false;
    while (this.pos < this.input.length && this.peek() !== '\n' && this.peek() !== '\r') this.pos++;
    this.skip();
    return true;
  }

  /** One step of lexStatements; false at the end of input. */
  private statement(): boolean {
    if (this.skipComment()) return true;
    const c = this.next();
    if (c === undefined) {
      if (this.parenDepth !== 0) this.fail('unclosed left parenthesis');
      if (this.bracketOpen) this.fail('unclosed left bracket');
      return false;
    }
    if (isSpace(c)) this.skipSpaces();
    else if (c === ',') this.emit('punctuation');
    else if (SINGLE_OPERATORS.has(c)) this.emit('operator');
    else if (c === '=') this.equals();
    else if (c === '!') {
      const t = this.next();
      if (t !== '=') this.fail(`unexpected character after '!': ${goQuoteRune(t ?? '\ufffd')}`);
      this.emit('operator');
    } else if (c === '<' || c === '>') {
      if (this.peek() === '=' || this.peek() === '/') this.pos++;
      this.emit('operator');
    } else if (isDigit(c) || (c === '.' && isDigit(this.peek()))) {
      this.pos--;
      this.numberOrDuration();
    } else if (c === '"' || c === "'") this.quoted(c);
    else if (c === '`') this.raw();
    else if (isAlpha(c) || c === ':') this.word(c);
    else if (c === '(') {
      this.emit('punctuation');
      this.parenDepth++;
    } else if (c === ')') this.closeParen();
    else if (c === '{') {
      this.emit('punctuation');
      this.mode = 'braces';
    } else if (c === '[') {
      if (this.bracketOpen) this.fail(`unexpected left bracket ${goQuoteRune(c)}`);
      this.gotColon = false;
      this.emit('punctuation');
      this.skipSpaces();
      this.bracketOpen = true;
      this.mode = 'duration';
    } else if (c === ']') {
      if (!this.bracketOpen) this.fail(`unexpected right bracket ${goQuoteRune(c)}`);
      this.emit('punctuation');
      this.bracketOpen = false;
    } else this.fail(`unexpected character: ${goQuoteRune(c)}`);
    return true;
  }

  private equals(): void {
    const t = this.peek();
    if (t === '=') {
      this.pos++;
      this.emit('operator');
    } else if (t === '~') this.fail(`unexpected character after '=': ${goQuoteRune(t)}`);
    else this.emit('punctuation');
  }

  private closeParen(): void {
    this.emit('punctuation');
    this.parenDepth--;
    if (this.parenDepth < 0) this.fail(`unexpected right parenthesis ${goQuoteRune(')')}`);
  }

  /** An identifier or keyword in lexStatements; inside brackets only `:` and duration keywords. */
  private word(first: string): void {
    if (this.bracketOpen) {
      if (first === ':') {
        if (this.gotColon) this.fail(`unexpected colon ${goQuoteRune(first)}`);
        this.emit('punctuation');
        this.gotColon = true;
        return;
      }
      if (this.durationKeyword()) return;
      this.fail(`unexpected character: ${goQuoteRune(first)}, expected ${goQuoteRune(':')}`);
    }
    while (isAlphaNumeric(this.peek()) || this.peek() === ':') this.pos++;
    const word = this.input.slice(this.start, this.pos);
    const kind = WORDS.get(word.toLowerCase());
    const isFill = kind === 'keyword' && word.toLowerCase().startsWith('fill');
    if (kind && !(isFill && !this.followedByParen())) this.emit(kind);
    else this.emit(word.includes(':') ? 'metricIdentifier' : 'identifier');
  }

  private followedByParen(): boolean {
    let at = this.pos;
    while (isSpace(this.input[at])) at++;
    return this.input[at] === '(';
  }

  private durationKeyword(): boolean {
    while (isAlpha(this.peek())) this.pos++;
    if (!DURATION_KEYWORDS.has(this.input.slice(this.start, this.pos).toLowerCase())) return false;
    this.emit('preprocessor');
    return true;
  }

  private insideBraces(): void {
    if (this.skipComment()) return;
    const c = this.next();
    if (c === undefined) this.fail('unexpected end of input inside braces');
    if (isSpace(c)) this.skipSpaces();
    else if (isAlpha(c)) {
      while (isAlphaNumeric(this.peek())) this.pos++;
      this.emit('identifier');
    } else if (c === ',') this.emit('punctuation');
    else if (c === '"' || c === "'") this.quoted(c);
    else if (c === '`') this.raw();
    else if (c === '=') {
      if (this.peek() === '~') {
        this.pos++;
        this.emit('operator');
      } else this.emit('punctuation');
    } else if (c === '!') {
      const t = this.next();
      if (t !== '~' && t !== '=') this.fail(`unexpected character after '!' inside braces: ${goQuoteRune(t ?? '\ufffd')}`);
      this.emit('operator');
    } else if (c === '{') this.fail(`unexpected left brace ${goQuoteRune(c)}`);
    else if (c === '}') {
      this.emit('punctuation');
      this.mode = 'statements';
    } else this.fail(`unexpected character inside braces: ${goQuoteRune(c)}`);
  }

  /** lexDurationExpr: what follows `[` up to the first number, then lexStatements takes over. */
  private durationExpr(): void {
    const c = this.next();
    if (c === undefined) this.fail('unexpected end of input in duration expression');
    if (c === ']') {
      this.emit('punctuation');
      this.bracketOpen = false;
      this.gotColon = false;
      this.mode = 'statements';
    } else if (c === ':') {
      this.emit('punctuation');
      if (!this.gotDuration) this.fail('unexpected colon before duration in duration expression');
      if (this.gotColon) this.fail('unexpected repeated colon in duration expression');
      this.gotColon = true;
    } else if (c === '(') {
      this.emit('punctuation');
      this.parenDepth++;
    } else if (c === ')') this.closeParen();
    else if (isSpace(c)) this.skipSpaces();
    else if ('+-*/%^'.includes(c)) this.emit('operator');
    else if (c === ',') this.emit('punctuation');
    else if (isDigit(c) || (c === '.' && isDigit(this.peek()))) {
      this.pos--;
      this.gotDuration = true;
      this.numberOrDuration();
      this.mode = 'statements';
    } else if ('srmSRM'.includes(c) && this.durationKeyword()) return;
    else this.fail(`unexpected character in duration expression: ${goQuoteRune(c)}`);
  }

  private quoted(quote: string): void {
    for (;;) {
      const c = this.next();
      if (c === undefined || c === '\n') this.fail('unterminated quoted string');
      if (c === quote) break;
      if (c === '\\') this.escape(quote);
    }
    this.emit('string');
  }

  /** lexEscape: validates one escape sequence, as Go's lexer does. */
  private escape(quote: string): void {
    const c = this.next();
    if (c === undefined) this.fail('escape sequence not terminated');
    if ('abfnrtv\\'.includes(c) || c === quote) return;
    const [count, base, max] = /[0-7]/.test(c) ? [3, 8, 255] : c === 'x' ? [2, 16, 255] : c === 'u' ? [4, 16, 0x10ffff] : c === 'U' ? [8, 16, 0x10ffff] : [0, 0, 0];
    if (count === 0) this.fail(`unknown escape sequence ${goUnicode(c)}`);
    let value = 0;
    let digit = /[0-7]/.test(c) ? c : this.next();
    for (let n = count; n > 0; n--) {
      const d = digit === undefined ? 16 : parseInt(digit, 16);
      if (Number.isNaN(d) || d >= base) {
        if (digit === undefined) this.fail('escape sequence not terminated');
        this.fail(`illegal character ${goUnicode(digit)} in escape sequence`);
      }
      value = value * base + d;
      if (n > 1) digit = this.next();
    }
    if (value > max || (value >= 0xd800 && value < 0xe000)) this.fail('escape sequence is an invalid Unicode code point');
  }

  private raw(): void {
    for (;;) {
      const c = this.next();
      if (c === undefined) this.fail('unterminated raw string');
      if (c === '`') break;
    }
    this.emit('string');
  }

  private numberOrDuration(): void {
    if (this.scanNumber()) return this.emit('number');
    if (this.remainingDuration()) {
      this.pos--;
      return this.emit('duration');
    }
    this.fail(`bad number or duration syntax: ${goQuote(this.input.slice(this.start, this.pos))}`);
  }

  private accept(valid: string): boolean {
    const c = this.peek();
    if (c === undefined || !valid.includes(c)) return false;
    this.pos++;
    return true;
  }

  private is(valid: string): boolean {
    const c = this.peek();
    return c !== undefined && valid.includes(c);
  }

  /** Go's scanNumber, quirks included (a hex number ending in e is not one). */
  private scanNumber(): boolean {
    const initial = this.pos;
    let digits = '0123456789';
    if (this.accept('0') && this.accept('xX')) {
      this.accept('_');
      digits = '0123456789abcdefABCDEF';
    }
    this.accept('.');
    this.accept(digits);
    let dot = false;
    let exponent = false;
    while (this.is(`${digits}._eE`)) {
      if ((this.is('.') && dot) || (this.is('eE') && exponent)) {
        this.pos++;
        return false;
      }
      if (this.accept('.')) {
        dot = true;
        if (this.accept('_.') || digits.length > 10) return false;
        continue;
      }
      if (this.accept('eE')) {
        exponent = true;
        this.accept('+-');
        if (this.accept('._eE') || this.peek() === undefined) return false;
        continue;
      }
      if (this.accept('_')) {
        if (this.accept('._eE') || this.peek() === undefined) return false;
        continue;
      }
      while (this.accept(digits));
    }
    return this.pos !== initial && !isAlphaNumeric(this.peek());
  }

  /** acceptRemainingDuration: unit letters and digit groups after the leading digits. */
  private remainingDuration(): boolean {
    if (!this.accept('smhdwy')) return false;
    this.accept('s');
    while (this.accept('0123456789')) {
      while (this.accept('0123456789'));
      if (!this.accept('smhdw')) return false;
      this.accept('s');
    }
    // Go's lexer reads one rune past the duration and backs up over it.
    const c = this.next();
    if (c === undefined) this.pos++;
    return !isAlphaNumeric(c);
  }
}

/** Tokenizes a query as Prometheus' lexer does, up to its first lexical error. */
export function lex(query: string): Lexed {
  const lexer = new Lexer(query);
  try {
    lexer.run();
    return { tokens: lexer.tokens, error: undefined };
  } catch (stop) {
    if (stop instanceof Stop) return { tokens: lexer.tokens, error: stop.error };
    throw stop;
  }
}
