import type { Label, MetricMetadata, MetricType } from '@braid/model';
import type { ExposedExemplar, ExposedSample, ExpositionFormat, ExpositionResult } from './exposition.js';
import { parseFloatToken, parseMillisToken, parseSecondsToken } from './numbers.js';

/*
 * A hand-written parser for the Prometheus text format 0.0.4 and OpenMetrics 1.0 text.
 * npm has no maintained parser for these formats: `parse-prometheus-text-format` knows neither
 * OpenMetrics nor exemplars and has not been released since 2019. This one scans the body once,
 * character by character, slicing strings only for names, values and unescaped label values.
 * Like Prometheus, OpenMetrics is parsed strictly (single spaces, `# EOF`, no other comments) and
 * the text format leniently (any run of blanks, blank lines, comments).
 */

const TAB = 9;
const CR = 13;
const SPACE = 32;
const QUOTE = 34;
const HASH = 35;
const COMMA = 44;
const EQUALS = 61;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

const TEXT_TYPES: Readonly<Record<string, MetricType>> = { counter: 'counter', gauge: 'gauge', histogram: 'histogram', summary: 'summary', untyped: 'unknown' };
const OPENMETRICS_TYPES: Readonly<Record<string, MetricType>> = {
  counter: 'counter',
  gauge: 'gauge',
  histogram: 'histogram',
  gaugehistogram: 'gaugehistogram',
  summary: 'summary',
  info: 'info',
  stateset: 'stateset',
  unknown: 'unknown',
};

class ParseFailure {
  constructor(readonly message: string) {}
}

interface FamilyMetadata {
  type: MetricType | undefined;
  help: string | undefined;
  unit: string | undefined;
}

/** Parses a scrape body; a body with any malformed line is refused whole, as Prometheus refuses the scrape. */
export function parseExposition(text: string, format: ExpositionFormat): ExpositionResult {
  const parser = new ExpositionParser(text, format === 'openmetrics-text');
  try {
    parser.parse();
  } catch (error) {
    if (error instanceof ParseFailure) return { ok: false, error: { line: Math.max(1, parser.lineNo), message: error.message } };
    throw error;
  }
  return { ok: true, value: { samples: parser.samples, metadata: parser.metadata() } };
}

class ExpositionParser {
  readonly samples: ExposedSample[] = [];
  lineNo = 0;
  private readonly families = new Map<string, FamilyMetadata>();
  private pos = 0;
  private end = 0;
  private sawEof = false;

  constructor(
    private readonly s: string,
    private readonly om: boolean,
  ) {}

  parse(): void {
    const s = this.s;
    let start = 0;
    while (start < s.length) {
      const newline = s.indexOf('\n', start);
      const lineEnd = newline === -1 ? s.length : newline;
      this.lineNo++;
      if (this.sawEof) throw new ParseFailure('unexpected data after "# EOF"');
      this.pos = start;
      this.end = lineEnd;
      // Text-format exporters on Windows end lines with CRLF; OpenMetrics forbids it.
      if (!this.om && lineEnd > start && s.charCodeAt(lineEnd - 1) === CR) this.end--;
      this.line();
      start = lineEnd + 1;
    }
    if (this.om && !this.sawEof) throw new ParseFailure('OpenMetrics body does not end with "# EOF"');
  }

  metadata(): MetricMetadata[] {
    const out: MetricMetadata[] = [];
    for (const [name, f] of this.families) out.push({ metricFamilyName: name, type: f.type ?? 'unknown', help: f.help ?? '', unit: f.unit ?? '' });
    return out;
  }

  private line(): void {
    if (this.pos === this.end) {
      if (this.om) throw new ParseFailure('empty line (OpenMetrics allows none)');
      return;
    }
    if (!this.om) {
      this.skipBlanks();
      if (this.pos === this.end) return;
    }
    if (this.s.charCodeAt(this.pos) === HASH) this.comment();
    else this.sample();
  }

  private comment(): void {
    this.pos++;
    if (this.om) {
      if (this.s.startsWith(' EOF', this.pos) && this.pos + 4 === this.end) {
        this.sawEof = true;
        return;
      }
      this.expectSpace('"#"');
    } else {
      this.skipBlanks();
    }
    const keywordStart = this.pos;
    while (this.pos < this.end && isUpper(this.s.charCodeAt(this.pos))) this.pos++;
    const keyword = this.s.slice(keywordStart, this.pos);
    const isMeta = keyword === 'HELP' || keyword === 'TYPE' || (this.om && keyword === 'UNIT');
    if (!isMeta || !this.atBlank()) {
      if (this.om) throw new ParseFailure('invalid comment: OpenMetrics allows only "# HELP", "# TYPE", "# UNIT" and "# EOF"');
      return; // a plain comment
    }
    if (this.om) this.pos++;
    else this.skipBlanks();
    const name = this.metricName();
    let text = '';
    if (this.pos < this.end) {
      if (!this.atBlank()) throw new ParseFailure(`invalid metric name in "# ${keyword}"`);
      text = this.s.slice(this.pos + 1, this.end);
    }
    const family = this.family(name);
    if (keyword === 'HELP') family.help = unescapeHelp(text, this.om);
    else if (keyword === 'TYPE') family.type = this.metricType(text);
    else family.unit = this.unit(name, text);
  }

  private metricType(text: string): MetricType {
    const name = this.om ? text : text.trim();
    const types = this.om ? OPENMETRICS_TYPES : TEXT_TYPES;
    if (!Object.hasOwn(types, name)) throw new ParseFailure(`invalid metric type "${name}"`);
    return types[name]!;
  }

  private unit(name: string, unit: string): string {
    if (unit !== '' && !name.endsWith(`_${unit}`)) throw new ParseFailure(`unit "${unit}" is not a suffix of metric "${name}"`);
    return unit;
  }

  private family(name: string): FamilyMetadata {
    let family = this.families.get(name);
    if (family === undefined) {
      family = { type: undefined, help: undefined, unit: undefined };
      this.families.set(name, family);
    }
    return family;
  }

  private sample(): void {
    const seriesStart = this.pos;
    const name = this.metricName();
    const labels: Label[] = [{ name: '__name__', value: name }];
    const afterName = this.pos;
    if (!this.om) this.skipBlanks();
    if (this.pos < this.end && this.s.charCodeAt(this.pos) === OPEN_BRACE) this.labelSet(labels);
    else this.pos = afterName;
    const series = this.s.slice(seriesStart, this.pos);
    this.separator('the metric name or label set');
    const value = this.floatToken('value');
    let timestampMs: number | undefined;
    let exemplar: ExposedExemplar | undefined;
    if (this.om) {
      if (this.pos < this.end) {
        this.expectSpace('the value');
        if (this.s.charCodeAt(this.pos) !== HASH) timestampMs = this.timestampToken();
        if (this.pos < this.end) exemplar = this.exemplar();
      }
    } else {
      this.skipBlanks();
      if (this.pos < this.end) {
        timestampMs = this.timestampToken();
        this.skipBlanks();
        if (this.pos < this.end) throw new ParseFailure(`unexpected "${this.s.slice(this.pos, this.end)}" after the timestamp`);
      }
    }
    this.samples.push({ series, labels: sortedLabels(labels), value, timestampMs, exemplar });
  }

  private exemplar(): ExposedExemplar {
    // Right after the value's space, or after a timestamp and its space.
    if (this.s.charCodeAt(this.pos) === SPACE && this.s.charCodeAt(this.pos + 1) === HASH) this.pos++;
    if (!this.s.startsWith('# {', this.pos)) throw new ParseFailure(`unexpected "${this.s.slice(this.pos, this.end)}" after the sample value`);
    this.pos += 2;
    const labels: Label[] = [];
    this.labelSet(labels);
    this.expectSpace('the exemplar labels');
    const value = this.floatToken('exemplar value');
    let timestampMs: number | undefined;
    if (this.pos < this.end) {
      this.expectSpace('the exemplar value');
      timestampMs = this.timestampToken();
      if (this.pos < this.end) throw new ParseFailure(`unexpected "${this.s.slice(this.pos, this.end)}" after the exemplar`);
    }
    return { labels: sortedLabels(labels), value, timestampMs };
  }

  private labelSet(labels: Label[]): void {
    const s = this.s;
    this.pos++; // '{'
    for (;;) {
      if (!this.om) this.skipBlanks();
      if (this.pos >= this.end) throw new ParseFailure('unterminated label set');
      if (s.charCodeAt(this.pos) === CLOSE_BRACE) {
        this.pos++;
        return;
      }
      const name = this.labelName();
      if (!this.om) this.skipBlanks();
      if (s.charCodeAt(this.pos) !== EQUALS) throw new ParseFailure(`expected "=" after label name "${name}"`);
      this.pos++;
      if (!this.om) this.skipBlanks();
      if (s.charCodeAt(this.pos) !== QUOTE) throw new ParseFailure(`expected a quoted value for label "${name}"`);
      labels.push({ name, value: this.quoted() });
      if (!this.om) this.skipBlanks();
      const c = s.charCodeAt(this.pos);
      if (c === COMMA) this.pos++;
      else if (c === CLOSE_BRACE) {
        this.pos++;
        return;
      } else throw new ParseFailure(`expected "," or "}" after the value of label "${name}"`);
    }
  }

  private quoted(): string {
    const s = this.s;
    const start = ++this.pos;
    let escaped = false;
    for (let i = start; i < this.end; ) {
      const c = s.charCodeAt(i);
      if (c === QUOTE) {
        this.pos = i + 1;
        const raw = s.slice(start, i);
        return escaped ? unescapeLabelValue(raw) : raw;
      }
      if (c === BACKSLASH) {
        escaped = true;
        i += 2;
      } else i++;
    }
    throw new ParseFailure('unterminated label value');
  }

  private metricName(): string {
    const s = this.s;
    const start = this.pos;
    let i = start;
    if (i < this.end && isNameStart(s.charCodeAt(i))) {
      i++;
      while (i < this.end && (isNameStart(s.charCodeAt(i)) || isDigit(s.charCodeAt(i)))) i++;
    }
    if (i === start) throw new ParseFailure(this.unexpected('a metric name'));
    this.pos = i;
    return s.slice(start, i);
  }

  private labelName(): string {
    const s = this.s;
    const start = this.pos;
    let i = start;
    if (i < this.end && isLabelStart(s.charCodeAt(i))) {
      i++;
      while (i < this.end && (isLabelStart(s.charCodeAt(i)) || isDigit(s.charCodeAt(i)))) i++;
    }
    if (i === start) throw new ParseFailure(this.unexpected('a label name'));
    this.pos = i;
    return s.slice(start, i);
  }

  private floatToken(what: string): number {
    const token = this.token();
    const value = parseFloatToken(token);
    if (value === undefined) throw new ParseFailure(token === '' ? `missing ${what}` : `invalid ${what} "${token}"`);
    return value;
  }

  private timestampToken(): number {
    const token = this.token();
    const ms = this.om ? parseSecondsToken(token) : parseMillisToken(token);
    if (ms === undefined) throw new ParseFailure(`invalid timestamp "${token}"`);
    return ms;
  }

  /** The characters up to the next blank or the end of the line. */
  private token(): string {
    const start = this.pos;
    let i = start;
    while (i < this.end && !isBlank(this.s.charCodeAt(i))) i++;
    this.pos = i;
    return this.s.slice(start, i);
  }

  private separator(after: string): void {
    if (this.om) {
      this.expectSpace(after);
      return;
    }
    if (!this.atBlank()) throw new ParseFailure(this.pos === this.end ? 'missing value' : this.unexpected(`a blank after ${after}`));
    this.skipBlanks();
  }

  private expectSpace(after: string): void {
    if (this.pos >= this.end || this.s.charCodeAt(this.pos) !== SPACE) throw new ParseFailure(this.pos >= this.end ? `unexpected end of line after ${after}` : this.unexpected(`one space after ${after}`));
    this.pos++;
  }

  private atBlank(): boolean {
    return this.pos < this.end && isBlank(this.s.charCodeAt(this.pos));
  }

  private skipBlanks(): void {
    while (this.pos < this.end && isBlank(this.s.charCodeAt(this.pos))) this.pos++;
  }

  private unexpected(expected: string): string {
    if (this.pos >= this.end) return `unexpected end of line, expected ${expected}`;
    return `unexpected character ${JSON.stringify(this.s[this.pos])}, expected ${expected}`;
  }
}

/** Sorts by name in place (insertion sort: label sets are small), drops empty values, refuses repeated names. */
function sortedLabels(labels: Label[]): Label[] {
  for (let i = 1; i < labels.length; i++) {
    const label = labels[i]!;
    let j = i - 1;
    while (j >= 0 && labels[j]!.name > label.name) {
      labels[j + 1] = labels[j]!;
      j--;
    }
    labels[j + 1] = label;
  }
  let empty = false;
  for (let i = 0; i < labels.length; i++) {
    if (i > 0 && labels[i]!.name === labels[i - 1]!.name) throw new ParseFailure(`label name "${labels[i]!.name}" is repeated`);
    if (labels[i]!.value === '') empty = true;
  }
  return empty ? labels.filter((l) => l.value !== '') : labels;
}

/** `\\`, `\"` and `\n` are escapes; any other backslash stays as written (Prometheus' rule). */
function unescapeLabelValue(raw: string): string {
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
function unescapeHelp(raw: string, om: boolean): string {
  if (!raw.includes('\\')) return raw;
  return raw.replace(/\\([\\n"])/g, (whole, c: string) => (c === 'n' ? '\n' : c === '\\' ? '\\' : om ? '"' : whole));
}

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB;
}

function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isLabelStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

function isNameStart(c: number): boolean {
  return isLabelStart(c) || c === 58;
}
