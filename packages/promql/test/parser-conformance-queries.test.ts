import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatExpr, functionSignature, parseExpr } from '../src/index.js';

// Every query of the core PromQL test scripts of the Prometheus project (Apache-2.0), read from
// where they live beside the repository, not copied in. BRAID_PROMQL_CONFORMANCE_DIR points elsewhere.
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const scriptsDir = process.env.BRAID_PROMQL_CONFORMANCE_DIR ?? join(packageDir, '../../../shared/conformance/promql');
const CORE = ['aggregators', 'at_modifier', 'collision', 'functions', 'histograms', 'literals', 'name_label_dropping', 'operators', 'range_queries', 'selectors', 'staleness', 'subquery', 'trig_functions'];

/**
 * Functions of Prometheus 3.14 the core scripts call that braid's catalog (function-signatures.ts)
 * may lack; a query calling one the catalog lacks must fail as not supported, one it has must parse.
 */
const MAYBE_MISSING = ['min_of', 'max_of', 'histogram_quantiles'];
const missingCall = (query: string): boolean => MAYBE_MISSING.some((name) => query.startsWith(`${name}(`) && !functionSignature(name));

interface Eval {
  readonly where: string;
  readonly query: string;
  /** The block says `expect fail` (or is an `eval_fail`): failing to parse is one way to fail. */
  readonly mayFail: boolean;
}

const EVAL = /^(eval(?:_fail)?)\s+(?:instant\s+at\s+\S+|range\s+from\s+\S+\s+to\s+\S+\s+step\s+\S+)\s+(.+)$/;

function evals(file: string): Eval[] {
  const lines = readFileSync(join(scriptsDir, `${file}.test`), 'utf8').split('\n');
  return lines.flatMap((line, i) => {
    const match = EVAL.exec(line);
    if (!match) return [];
    let mayFail = match[1] === 'eval_fail';
    for (let j = i + 1; j < lines.length && /^\s+\S/.test(lines[j]!); j++) mayFail ||= /^\s+expect fail/.test(lines[j]!);
    return [{ where: `${file}:${i + 1}`, query: match[2]!.trim(), mayFail }];
  });
}

const present = existsSync(scriptsDir);
if (!present) console.warn(`Skipping the conformance queries: no Prometheus test scripts at ${scriptsDir} (set BRAID_PROMQL_CONFORMANCE_DIR).`);

describe.runIf(present)('queries of the core conformance scripts', () => {
  const all = present ? CORE.flatMap(evals) : [];

  it('finds the evals', () => {
    expect(all.length).toBeGreaterThan(1000);
  });

  it.each(all.filter((e) => !missingCall(e.query)).map((e) => [e.where, e] as const))('%s', (_, { query, mayFail }) => {
    let expr;
    try {
      expr = parseExpr(query);
    } catch (error) {
      if (mayFail) return;
      throw error;
    }
    // Parsed: the canonical text parses back to the same canonical text.
    const text = formatExpr(expr);
    expect(formatExpr(parseExpr(text))).toBe(text);
  });

  it.each(all.filter((e) => missingCall(e.query)).map((e) => [e.where, e.query] as const))('%s is not supported: %s', (_, query) => {
    expect(() => parseExpr(query)).toThrow(/is not supported by braid/);
  });
});
