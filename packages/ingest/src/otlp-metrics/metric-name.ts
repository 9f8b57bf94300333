/**
 * OTLP metric names and units to Prometheus metric names, as the OpenTelemetry "Prometheus and
 * OpenMetrics compatibility" spec and Prometheus' otlptranslator (UnderscoreEscapingWithSuffixes) do.
 */

/** How a metric is named: counters get `_total`, unit-`1` gauges get `_ratio`. */
export type NamingKind = 'counter' | 'gauge' | 'updowncounter' | 'histogram' | 'summary';

/** OTLP (UCUM) units to Prometheus unit words; `1` adds nothing (gauges get `_ratio` instead). */
export const UNIT_WORDS: Readonly<Record<string, string>> = {
  d: 'days',
  h: 'hours',
  min: 'minutes',
  s: 'seconds',
  ms: 'milliseconds',
  us: 'microseconds',
  ns: 'nanoseconds',
  By: 'bytes',
  KiBy: 'kibibytes',
  MiBy: 'mebibytes',
  GiBy: 'gibibytes',
  TiBy: 'tibibytes',
  KBy: 'kilobytes',
  MBy: 'megabytes',
  GBy: 'gigabytes',
  TBy: 'terabytes',
  m: 'meters',
  V: 'volts',
  A: 'amperes',
  J: 'joules',
  W: 'watts',
  g: 'grams',
  Cel: 'celsius',
  Hz: 'hertz',
  '1': '',
  '%': 'percent',
};

/** The denominator of `a/b` units, singular: `By/s` is `bytes_per_second`. */
export const PER_UNIT_WORDS: Readonly<Record<string, string>> = {
  s: 'second',
  m: 'minute',
  h: 'hour',
  d: 'day',
  w: 'week',
  mo: 'month',
  y: 'year',
};

const NAME_SEPARATORS = /[^a-zA-Z0-9:]+/u;
const INVALID_UNIT_CHARS = /[^a-zA-Z0-9:]/gu;
const UNDERSCORE_RUNS = /__+/g;

/** The Prometheus name of a metric, or '' when the OTLP name has no valid character at all. */
export function metricName(name: string, unit: string, kind: NamingKind): string {
  // Splitting on every invalid character collapses runs of them and drops leading/trailing ones.
  let tokens = name.split(NAME_SEPARATORS).filter((token) => token !== '');
  if (tokens.length === 0) return '';
  const { main, per } = unitSuffixes(unit);
  if (main !== '' && !containsRun(tokens, main.split('_'))) tokens.push(main);
  // Prometheus only compares single tokens, so it repeats `per_second`; braid compares the whole run.
  if (per !== '' && !containsRun(tokens, per.split('_'))) tokens.push(per);
  if (kind === 'counter') tokens = [...tokens.filter((token) => token !== 'total'), 'total'];
  if (kind === 'gauge' && unit === '1') tokens = [...tokens.filter((token) => token !== 'ratio'), 'ratio'];
  const joined = tokens.join('_');
  return isAsciiDigit(joined.charCodeAt(0)) ? `_${joined}` : joined;
}

/** The unit of a metric family as Prometheus metadata gives it: `seconds`, `bytes_per_second`, `ratio`. */
export function metricUnit(unit: string, kind: NamingKind): string {
  if (kind === 'gauge' && unit === '1') return 'ratio';
  const { main, per } = unitSuffixes(unit);
  if (main !== '' && per !== '') return `${main}_${per}`;
  return main !== '' ? main : per;
}

/** The main and per-unit name suffixes of an OTLP unit; `{...}` annotations give none. */
function unitSuffixes(unit: string): { main: string; per: string } {
  const slash = unit.indexOf('/');
  const mainUnit = (slash < 0 ? unit : unit.slice(0, slash)).trim();
  const perUnit = slash < 0 ? '' : unit.slice(slash + 1).trim();
  const main = mainUnit === '' || hasBraces(mainUnit) ? '' : cleanUnit(UNIT_WORDS[mainUnit] ?? mainUnit);
  const perWord = perUnit === '' || hasBraces(perUnit) ? '' : cleanUnit(PER_UNIT_WORDS[perUnit] ?? perUnit);
  return { main, per: perWord === '' ? '' : `per_${perWord}` };
}

function cleanUnit(word: string): string {
  const cleaned = word.replace(INVALID_UNIT_CHARS, '_').replace(UNDERSCORE_RUNS, '_');
  let start = 0;
  let end = cleaned.length;
  while (start < end && cleaned.charCodeAt(start) === 95) start++;
  while (end > start && cleaned.charCodeAt(end - 1) === 95) end--;
  return cleaned.slice(start, end);
}

function hasBraces(unit: string): boolean {
  return unit.includes('{') || unit.includes('}');
}

/** True when `run` appears as consecutive tokens of `tokens`. */
function containsRun(tokens: readonly string[], run: readonly string[]): boolean {
  for (let i = 0; i + run.length <= tokens.length; i++) {
    let j = 0;
    while (j < run.length && tokens[i + j] === run[j]) j++;
    if (j === run.length) return true;
  }
  return false;
}

function isAsciiDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
