import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PromQLError, type QueryEngine } from '../../src/query.js';

/** The engine settings of Prometheus' test engine (promqltest.NewTestEngine) that braid's engine has. */
export const CONFORMANCE_ENGINE_OPTIONS = {
  lookbackDeltaMs: 5 * 60_000,
  subqueryStepMs: 60_000,
  enableExperimentalFunctions: true,
} as const;

interface EngineModule {
  createQueryEngine(options: typeof CONFORMANCE_ENGINE_OPTIONS): QueryEngine;
}

const engineUrl = new URL('../../src/engine/index.ts', import.meta.url);

/** True when the evaluator exists; without it every eval fails with "engine not implemented". */
export const engineImplemented = existsSync(fileURLToPath(engineUrl));

// Only a missing module falls back: an engine that exists but fails to load should fail loudly.
const engineModule: EngineModule | undefined = engineImplemented ? ((await import(engineUrl.href)) as EngineModule) : undefined;

const notImplemented: QueryEngine = {
  instant: () => Promise.reject(new PromQLError('execution', 'engine not implemented')),
  range: () => Promise.reject(new PromQLError('execution', 'engine not implemented')),
};

/** The engine the conformance scripts run against: braid's evaluator when present, else one that fails every query. */
export function createEngine(): QueryEngine {
  return engineModule ? engineModule.createQueryEngine(CONFORMANCE_ENGINE_OPTIONS) : notImplemented;
}
