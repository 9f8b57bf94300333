import type { Label, Labels, MetricMetadata, MetricType } from '@braid/model';
import type { ExposedExemplar, ExpositionError, ExpositionFormat } from './exposition.js';
import { dropEmpty, isBlank, isDigit, isLabelStart, isNameStart, isUpper, sortLabels, unescapeHelp, unescapeLabelValue } from './exposition-syntax.js';
import { parseFloatToken, parseMillisToken, parseSecondsToken } from './numbers.js';

/*
 * A hand-written reader for the Prometheus text format 0.0.4 and OpenMetrics 1.0 text.
 * npm has no maintained parser for these formats: `parse-prometheus-text-format` knows neither
 * OpenMetrics nor exemplars and has not been released since 2019. Like Prometheus' own parser it
 * is a cursor: `next()` checks a whole line but allocates only the series text and the value;
 * labels are built by `labels()` when asked, so a scrape whose series are already known (the usual
 * case) builds no label objects at all. Like Prometheus, OpenMetrics is read strictly (single
 * spaces, `# EOF`, no other comments) and the text format leniently (blank runs, blank lines,
 * comments).
 */

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

/**
 * Reads a scrape body one sample at a time. After `next()` returns 'sample', `series`, `value`,
 * `timestampMs` and `exemplar` describe it; after 'error', `error` says why and where.
 */
export class ExpositionCursor {
  /** The series as exposed (name and label set): equal texts are equal series. */
  series = '';
  value = 0;
  /** Unix milliseconds, or undefined when the line has none. */
  timestampMs: number | undefined;
  exemplar: ExposedExemplar | undefined;
  error: ExpositionError | undefined;

  private readonly s: string;
  private readonly om: boolean;
  private readonly families = new Map<string, FamilyMetadata>();
  private lineNo = 0;
  private lineStart = 0;
  private pos = 0;
  private end = 0;
  private nextLineStart = 0;
  private sawEof = false;
  private done = false;
  private nameEnd = 0;
  private labelsStart = -1;

  constructor(text: string, format: ExpositionFormat) {
    this.s = text;
    this.om = format === 'openmetrics-text';
  }

  /** Moves to the next sample. */
  next(): 'sample' | 'end' | 'error' {
    if (this.done) return this.error ? 'error' : 'end';
    try {
      if (this.advance()) return 'sample';
    } catch (error) {
      if (!(error instanceof ParseFailure)) throw error;
      this.error = { line: Math.max(1, this.lineNo), message: error.message };
      this.done = true;
      return 'error';
    }
    this.done = true;
    return 'end';
  }

  /** The current sample's labels, sorted, with `__name__`; empty values dropped; an error when a name repeats. */
  checkedLabels(): { readonly ok: true; readonly value: Labels } | { readonly ok: false; readonly error: ExpositionError } {
    const labels: Label[] = [{ name: '__name__', value: this.s.slice(this.lineStart, this.nameEnd) }];
    if (this.labelsStart >= 0) {
      const pos = this.pos;
      this.pos = this.labelsStart;
      this.labelSet(labels);
      this.pos = pos;
    }
    const repeated = sortLabels(labels);
    if (repeated !== undefined) return { ok: false, error: { line: this.lineNo, message: `label name "${repeated}" is repeated` } };
    return { ok: true, value: dropEmpty(labels) };
  }

  /** HELP, TYPE and UNIT per metric family, once the body is read. */
  metadata(): MetricMetadata[] {
    const out: MetricMetadata[] = [];
    for (const [name, f] of this.families) out.push({ metricFamilyName: name, type: f.type ?? 'unknown', help: f.help ?? '', unit: f.unit ?? '' });
    return out;
  }

  /** Reads lines up to and including the next sample; false at the end of the body. */
  private advance(): boolean {
    const s = this.s;
    let start = this.nextLineStart;
    while (start < s.length) {
      const newline = s.indexOf('\n', start);
      const lineEnd = newline === -1 ? s.length : newline;
      this.lineNo++;
      this.nextLineStart = lineEnd + 1;
      if (this.sawEof) throw new ParseFailure('unexpected data after "# EOF"');
      this.pos = start;
      this.end = lineEnd;
      // Text-format exporters on Windows end lines with CRLF; OpenMetrics forbids it.
      if (!this.om && lineEnd > start && s.charCodeAt(lineEnd - 1) === CR) this.end--;
      if (this.line()) return true;
      start = this.nextLineStart;
    }
    if (this.om && !this.sawEof) throw new ParseFailure('OpenMetrics body does not end with "# EOF"');
    return false;
  }

  /** Reads one line; true when it is a sample. */
  private line(): boolean {
    if (this.pos === this.end) {
      if (this.om) throw new ParseFailure('empty line (OpenMetrics allows none)');
      return false;
    }
    if (!this.om) {
      this.skipBlanks();
      if (this.pos === this.end) return false;
    }
    if (this.s.charCodeAt(this.pos) === HASH) {
      this.comment();
      return false;
    }
    this.sample();
    return true;
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
    const nameStart = this.pos;
    this.scanMetricName();
    const name = this.s.slice(nameStart, this.pos);
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
    this.lineStart = this.pos;
    this.scanMetricName();
    this.nameEnd = this.pos;
    if (!this.om) this.skipBlanks();
    if (this.pos < this.end && this.s.charCodeAt(this.pos) === OPEN_BRACE) {
      this.labelsStart = this.pos;
      this.labelSet(undefined);
    } else {
      this.labelsStart = -1;
      this.pos = this.nameEnd;
    }
    this.series = this.s.slice(this.lineStart, this.pos);
    this.separator('the metric name or label set');
    this.value = this.floatToken('value');
    this.timestampMs = undefined;
    this.exemplar = undefined;
    if (this.om) {
      if (this.pos < this.end) {
        this.expectSpace('the value');
        if (this.s.charCodeAt(this.pos) !== HASH) this.timestampMs = this.timestampToken();
        if (this.pos < this.end) this.exemplar = this.readExemplar();
      }
    } else {
      this.skipBlanks();
      if (this.pos < this.end) {
        this.timestampMs = this.timestampToken();
        this.skipBlanks();
        if (this.pos < this.end) throw new ParseFailure(`unexpected "${this.s.slice(this.pos, this.end)}" after the timestamp`);
      }
    }
  }

  private readExemplar(): ExposedExemplar {
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
    const repeated = sortLabels(labels);
    if (repeated !== undefined) throw new ParseFailure(`exemplar label name "${repeated}" is repeated`);
    return { labels: dropEmpty(labels), value, timestampMs };
  }

  /** Reads `{...}` from `pos`, into `labels` when given, else only checking it. */
  private labelSet(labels: Label[] | undefined): void {
    const s = this.s;
    this.pos++; // '{'
    for (;;) {
      if (!this.om) this.skipBlanks();
      if (this.pos >= this.end) throw new ParseFailure('unterminated label set');
      if (s.charCodeAt(this.pos) === CLOSE_BRACE) {
        this.pos++;
        return;
      }
      const nameStart = this.pos;
      this.scanLabelName();
      const nameEnd = this.pos;
      if (!this.om) this.skipBlanks();
      if (s.charCodeAt(this.pos) !== EQUALS) throw new ParseFailure(`expected "=" after label name "${s.slice(nameStart, nameEnd)}"`);
      this.pos++;
      if (!this.om) this.skipBlanks();
      if (s.charCodeAt(this.pos) !== QUOTE) throw new ParseFailure(`expected a quoted value for label "${s.slice(nameStart, nameEnd)}"`);
      const value = this.quoted(labels !== undefined);
      if (labels) labels.push({ name: s.slice(nameStart, nameEnd), value });
      if (!this.om) this.skipBlanks();
      const c = s.charCodeAt(this.pos);
      if (c === COMMA) this.pos++;
      else if (c === CLOSE_BRACE) {
        this.pos++;
        return;
      } else throw new ParseFailure(`expected "," or "}" after the value of label "${s.slice(nameStart, nameEnd)}"`);
    }
  }

  /** Reads a quoted label value; returns it unescaped when `build`, else ''. */
  private quoted(build: boolean): string {
    const s = this.s;
    const start = ++this.pos;
    let escaped = false;
    for (let i = start; i < this.end; ) {
      const c = s.charCodeAt(i);
      if (c === QUOTE) {
        this.pos = i + 1;
        if (!build) return '';
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

  /** Moves past a metric name. */
  private scanMetricName(): void {
    const s = this.s;
    let i = this.pos;
    if (i < this.end && isNameStart(s.charCodeAt(i))) {
      i++;
      while (i < this.end && (isNameStart(s.charCodeAt(i)) || isDigit(s.charCodeAt(i)))) i++;
    }
    if (i === this.pos) throw new ParseFailure(this.unexpected('a metric name'));
    this.pos = i;
  }

  /** Moves past a label name. */
  private scanLabelName(): void {
    const s = this.s;
    let i = this.pos;
    if (i < this.end && isLabelStart(s.charCodeAt(i))) {
      i++;
      while (i < this.end && (isLabelStart(s.charCodeAt(i)) || isDigit(s.charCodeAt(i)))) i++;
    }
    if (i === this.pos) throw new ParseFailure(this.unexpected('a label name'));
    this.pos = i;
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
