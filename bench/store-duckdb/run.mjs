// Store-level benchmark: appends generated spans and logs straight into the DuckDB store (no HTTP),
// in batches like group commit produces, then reports items/s, bytes on disk per item and a
// trace-by-id lookup, and how long reopening takes after a crash left spans only in the WAL.
// Usage: node bench/store-duckdb/run.mjs [spans] [logs] [crash-spans]
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDuckDbStore } from '../../packages/store-duckdb/dist/index.js';
import { logsRequest, rng, tracesRequest } from '../ingest/workload.mjs';

const SPANS = Number(process.argv[2] ?? 200_000);
const LOGS = Number(process.argv[3] ?? 200_000);
const CRASH_SPANS = Number(process.argv[4] ?? 200_000);
const REQUEST_ITEMS = 500;
const BATCH_REQUESTS = 20;

async function fileBytes(path) {
  let total = 0;
  for (const suffix of ['', '.wal']) total += await stat(path + suffix).then((s) => s.size, () => 0);
  return total;
}

async function measure(kind, total, makeRequest) {
  const dir = await mkdtemp(join(tmpdir(), `braid-store-bench-${kind}-`));
  const path = join(dir, 'braid.duckdb');
  const store = await openDuckDbStore({ path });
  const random = rng(42);
  const empty = await fileBytes(path);
  const started = performance.now();
  let sent = 0;
  let firstTraceId;
  while (sent < total) {
    const batch = [];
    for (let i = 0; i < BATCH_REQUESTS && sent < total; i++, sent += REQUEST_ITEMS) {
      const data = makeRequest(random, REQUEST_ITEMS, 1_700_000_000_000 + sent);
      firstTraceId ??= data.resourceSpans?.[0]?.scopeSpans[0]?.spans[0]?.traceId;
      batch.push({ kind, tenant: 'default', data });
    }
    await store.append(batch);
  }
  const seconds = (performance.now() - started) / 1000;
  await store.close();
  const bytes = (await fileBytes(path)) - empty;
  const result = { kind, items: sent, itemsPerSecond: Math.round(sent / seconds), bytesPerItem: +(bytes / sent).toFixed(1) };
  if (firstTraceId) {
    const reopened = await openDuckDbStore({ path });
    const times = [];
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      await reopened.getTrace('default', firstTraceId);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    result.traceByIdP50Ms = +times[10].toFixed(2);
    await reopened.close();
  }
  await rm(dir, { recursive: true, force: true });
  return result;
}

/** Spans appended by a process killed before any checkpoint; times the reopen that replays them. */
async function measureReplay(count) {
  const dir = await mkdtemp(join(tmpdir(), 'braid-store-bench-replay-'));
  const path = join(dir, 'braid.duckdb');
  spawnSync(process.execPath, [new URL('./crash-writer.mjs', import.meta.url).pathname, path, String(count)], { stdio: 'inherit' });
  const walBytes = await stat(`${path}.wal`).then((s) => s.size, () => 0);
  const started = performance.now();
  const store = await openDuckDbStore({ path });
  const openMs = performance.now() - started;
  const found = await store.searchSpans('default', { limit: count + 1 });
  await store.close();
  await rm(dir, { recursive: true, force: true });
  return { kind: 'crash replay', items: found.length, walMB: +(walBytes / 2 ** 20).toFixed(1), reopenMs: Math.round(openMs) };
}

const results = [await measure('traces', SPANS, tracesRequest), await measure('logs', LOGS, logsRequest)];
console.table(results);
const replay = await measureReplay(CRASH_SPANS);
console.table([replay]);
const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version, date: new Date().toISOString() };
const resultsDir = new URL('../results/', import.meta.url);
await mkdir(resultsDir, { recursive: true });
await writeFile(new URL('store-duckdb.json', resultsDir), JSON.stringify({ machine, requestItems: REQUEST_ITEMS, batchRequests: BATCH_REQUESTS, results, replay }, null, 2) + '\n');
