import { isStaleNaN, labelsKey, type Labels } from '@braid/model';
import { PromQLError, type QueryEngine, type QueryResult } from '../../src/query.js';
import { MemorySource } from './memory-source.js';
import { parseScript, type EvalCommand, type Expectation } from './script.js';

/** The outcome of one eval. */
export interface EvalOutcome {
  readonly line: number;
  readonly query: string;
  readonly passed: boolean;
  readonly reason?: string;
}

const MIN_NORMAL = 2.2250738585072014e-308;

/** promqltest's almost.Equal with its 1e-6 relative epsilon; NaN equals NaN. */
export function almostEqual(a: number, b: number, epsilon = 1e-6): boolean {
  if (isStaleNaN(a) || isStaleNaN(b)) return isStaleNaN(a) && isStaleNaN(b);
  if (Number.isNaN(a) && Number.isNaN(b)) return true;
  if (a === b) return true;
  const absSum = Math.abs(a) + Math.abs(b);
  const diff = Math.abs(a - b);
  if (a === 0 || b === 0 || absSum < MIN_NORMAL) return diff < epsilon * MIN_NORMAL;
  return diff / Math.min(absSum, Number.MAX_VALUE) < epsilon;
}

const text = (labels: Labels): string => `{${labels.map((l) => `${l.name}="${l.value}"`).join(', ')}}`;

function matches(e: Expectation, message: string): boolean {
  if (e.message !== undefined) return message === e.message;
  if (e.regex) return e.regex.test(message);
  return true;
}

/** Checks warn/info expectations the way promqltest does: explicit ones only, and then every annotation must be expected. */
function checkAnnotations(cmd: EvalCommand, result: QueryResult): string | undefined {
  for (const [kind, none, list] of [['warn', 'no_warn', result.warnings], ['info', 'no_info', result.infos]] as const) {
    const expected = cmd.expectations.filter((e) => e.kind === kind);
    if (cmd.expectations.some((e) => e.kind === none) && list.length > 0) return `annotations: unexpected ${kind} ${list.join('; ')}`;
    if (expected.length === 0) continue;
    if (list.length === 0) return `annotations: expected a ${kind}, got none`;
    for (const e of expected) if (!list.some((a) => matches(e, a))) return `annotations: no ${kind} matching ${e.message ?? e.regex ?? ''} in ${list.join('; ')}`;
    for (const a of list) if (!expected.some((e) => matches(e, a))) return `annotations: unexpected ${kind} ${a}`;
  }
  return undefined;
}

function compare(cmd: EvalCommand, result: QueryResult): string | undefined {
  const value = result.value;
  if (cmd.string !== undefined) return value.type === 'string' && value.value === cmd.string ? undefined : `expected string "${cmd.string}", got ${value.type}`;
  if (cmd.scalar !== undefined) {
    if (value.type !== 'scalar') return `expected scalar, got ${value.type}`;
    return almostEqual(cmd.scalar, value.value) ? undefined : `expected scalar ${cmd.scalar}, got ${value.value}`;
  }
  const expected = new Map(cmd.series.map((s, position) => [labelsKey(s.labels), { ...s, position }]));
  if (value.type === 'vector') {
    if (!cmd.instant) return 'range query returned a vector';
    const ordered = cmd.expectations.some((e) => e.kind === 'ordered');
    for (const [position, sample] of value.samples.entries()) {
      const exp = expected.get(labelsKey(sample.labels));
      if (!exp) return `unexpected metric ${text(sample.labels)} with value ${sample.value}`;
      if (ordered && exp.position !== position) return `expected ${text(sample.labels)} at position ${exp.position + 1}, was at ${position + 1}`;
      if (!almostEqual(exp.values[0]!, sample.value)) return `expected ${exp.values[0]} for ${text(sample.labels)}, got ${sample.value}`;
    }
    if (value.samples.length !== expected.size) return `expected ${expected.size} series, got ${value.samples.length}`;
    return undefined;
  }
  if (value.type === 'matrix') {
    const startMs = cmd.rangeVector?.startMs ?? cmd.startMs;
    const stepMs = cmd.rangeVector?.stepMs ?? cmd.stepMs;
    for (const series of value.series) {
      const exp = expected.get(labelsKey(series.labels));
      if (!exp) return `unexpected metric ${text(series.labels)} in result`;
      const points: [number, number][] = [];
      exp.values.forEach((v, i) => v !== undefined && points.push([startMs + i * stepMs, v]));
      if (points.length !== series.values.length) return `expected ${points.length} points for ${text(series.labels)}, got ${series.values.length}`;
      for (let i = 0; i < points.length; i++) {
        const [t, v] = points[i]!;
        if (series.timestampsMs[i] !== t) return `point ${i} of ${text(series.labels)}: expected time ${t}, got ${series.timestampsMs[i]}`;
        if (!almostEqual(v, series.values[i]!)) return `point ${i} (t=${t}) of ${text(series.labels)}: expected ${v}, got ${series.values[i]}`;
      }
    }
    if (value.series.length !== expected.size) return `expected ${expected.size} series, got ${value.series.length}`;
    return undefined;
  }
  return `expected a vector or matrix, got ${value.type}`;
}

async function runEval(engine: QueryEngine, source: MemorySource, cmd: EvalCommand): Promise<string | undefined> {
  const unsupported = cmd.series.find((s) => s.unsupported || s.histograms);
  if (unsupported) return `expected result not supported: ${unsupported.unsupported ?? 'native histogram samples'}`;
  const fail = cmd.expectations.find((e) => e.kind === 'fail');
  let result: QueryResult;
  try {
    result = cmd.instant
      ? await engine.instant(source, { query: cmd.query, timeMs: cmd.startMs })
      : await engine.range(source, { query: cmd.query, startMs: cmd.startMs, endMs: cmd.endMs, stepMs: cmd.stepMs });
  } catch (error) {
    if (!(error instanceof PromQLError)) return `engine threw ${error instanceof Error ? error.stack ?? error.message : String(error)}`;
    if (!fail) return `unexpected error: ${error.message}`;
    return matches(fail, error.message) ? undefined : `error message "${error.message}" does not match ${fail.message ?? fail.regex}`;
  }
  if (fail) return 'expected an error, got none';
  return checkAnnotations(cmd, result) ?? compare(cmd, result);
}

/** Runs one script file against an engine; never throws for a failing eval. */
export async function runScript(engine: QueryEngine, script: string): Promise<EvalOutcome[]> {
  const source = new MemorySource();
  const outcomes: EvalOutcome[] = [];
  for (const cmd of parseScript(script)) {
    if (cmd.type === 'clear') source.clear();
    else if (cmd.type === 'load') {
      for (const s of cmd.series) s.values.forEach((v, i) => v !== undefined && source.add(s.labels, i * cmd.intervalMs, v));
    } else {
      const reason = await runEval(engine, source, cmd);
      outcomes.push({ line: cmd.line, query: cmd.query, passed: reason === undefined, ...(reason !== undefined && { reason }) });
    }
  }
  return outcomes;
}
