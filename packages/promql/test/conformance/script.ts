import { durationValueMs } from '../../src/parser/literals.js';
import { expandValues, parseSeriesLine, type SeriesLine } from './series-notation.js';

/** What an eval expects of annotations and failures: one `expect` line (or its deprecated form). */
export interface Expectation {
  readonly kind: 'fail' | 'warn' | 'info' | 'no_warn' | 'no_info' | 'ordered';
  readonly message?: string;
  readonly regex?: RegExp;
}

export interface EvalCommand {
  readonly type: 'eval';
  readonly line: number;
  readonly query: string;
  readonly instant: boolean;
  readonly startMs: number;
  readonly endMs: number;
  readonly stepMs: number;
  readonly expectations: Expectation[];
  readonly series: SeriesLine[];
  /** A bare number line: the query returns a scalar. */
  readonly scalar?: number;
  readonly string?: string;
  readonly rangeVector?: { startMs: number; endMs: number; stepMs: number };
}

export type Command =
  | { readonly type: 'load'; readonly line: number; readonly intervalMs: number; readonly series: SeriesLine[] }
  | { readonly type: 'clear'; readonly line: number }
  | EvalCommand;

const time = (text: string): number => durationValueMs(text);

function expectation(text: string): Expectation | { string: string } | { rangeVector: EvalCommand['rangeVector'] } {
  const rv = /^range vector (?:from )?(\S+) to (\S+) step (\S+)$/.exec(text);
  if (rv) return { rangeVector: { startMs: time(rv[1]!), endMs: time(rv[2]!), stepMs: time(rv[3]!) } };
  const str = /^string (["`])(.*)\1$/.exec(text);
  if (str) return { string: str[2]! };
  const m = /^(fail|warn|info|no_warn|no_info|ordered)(?:\s+(msg|regex):\s*(.*))?$/.exec(text);
  if (!m) throw new Error(`unknown expect line: expect ${text}`);
  const kind = m[1] as Expectation['kind'];
  if (m[2] === 'msg') return { kind, message: m[3]!.trim().replace(/^"(.*)"$/, '$1') };
  if (m[2] === 'regex') return { kind, regex: new RegExp(m[3]!.trim().replace(/^"(.*)"$/, '$1')) };
  return { kind };
}

/** Parses a Prometheus PromQL test script (promql/promqltest format, see FORMAT.md). */
export function parseScript(text: string): Command[] {
  const lines = text.split('\n');
  const commands: Command[] = [];
  let i = 0;
  const body = (): { text: string; line: number }[] => {
    const out: { text: string; line: number }[] = [];
    while (i < lines.length && /^\s+\S/.test(lines[i]!) && !/^\s*#/.test(lines[i]!)) out.push({ text: lines[i]!.trim(), line: ++i });
    while (i < lines.length && /^\s*#/.test(lines[i]!)) i++;
    return out;
  };
  while (i < lines.length) {
    const raw = lines[i]!;
    const lineNumber = ++i;
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const load = /^load(?:_with_nhcb)?\s+(\S+)(?:\s+with_nhcb)?$/.exec(line);
    if (load) {
      commands.push({ type: 'load', line: lineNumber, intervalMs: time(load[1]!), series: body().map((b) => parseSeriesLine(b.text)) });
      continue;
    }
    if (line === 'clear') {
      commands.push({ type: 'clear', line: lineNumber });
      continue;
    }
    const evaluation = /^eval(?:_(fail|warn|info|ordered))?\s+(?:instant\s+at\s+(\S+)|range\s+from\s+(\S+)\s+to\s+(\S+)\s+step\s+(\S+))\s+(.+)$/.exec(line);
    if (!evaluation) throw new Error(`line ${lineNumber}: cannot parse "${line}"`);
    const [, variant, at, from, to, step, query] = evaluation;
    const expectations: Expectation[] = variant ? [{ kind: variant as Expectation['kind'] }] : [];
    const series: SeriesLine[] = [];
    let scalar: number | undefined;
    let string: string | undefined;
    let rangeVector: EvalCommand['rangeVector'];
    for (const { text: item } of body()) {
      if (item.startsWith('expect ')) {
        const e = expectation(item.slice(7).trim());
        if ('string' in e) string = e.string;
        else if ('rangeVector' in e) rangeVector = e.rangeVector;
        else expectations.push(e);
      } else if (item.startsWith('expected_fail_message ')) expectations.push({ kind: 'fail', message: item.slice(22).trim() });
      else if (item.startsWith('expected_fail_regexp ')) expectations.push({ kind: 'fail', regex: new RegExp(item.slice(21).trim()) });
      else if (/^[-+]?(\d|\.\d|Inf|NaN|inf|nan)/.test(item) && !item.includes('{')) scalar = expandValues(item)[0];
      else series.push(parseSeriesLine(item));
    }
    const instant = at !== undefined;
    commands.push({
      type: 'eval',
      line: lineNumber,
      query: query!.trim(),
      instant,
      startMs: time(instant ? at! : from!),
      endMs: time(instant ? at! : to!),
      stepMs: instant ? 0 : time(step!),
      expectations,
      series,
      ...(scalar !== undefined && { scalar }),
      ...(string !== undefined && { string }),
      ...(rangeVector && { rangeVector }),
    });
  }
  return commands;
}
