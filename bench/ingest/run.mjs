// OTLP/HTTP protobuf ingest benchmark: braid as its own process (the built CLI), concurrent
// clients posting pre-encoded exports, each acknowledged only once committed. One fresh data
// directory per signal so bytes on disk are per signal.
//   npm run build && node bench/ingest/run.mjs [--spans N] [--logs N] [--points N] [--clients C] [--batch N] [--profile DIR]
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { encodeLogsProtobuf, encodeMetricsProtobuf, encodeTracesProtobuf } from '../../packages/otlp/dist/index.js';
import { logsRequest, metricsRequest, rng, tracesRequest } from './workload.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const { values: args } = parseArgs({
  options: {
    spans: { type: 'string', default: '1000000' },
    logs: { type: 'string', default: '1000000' },
    points: { type: 'string', default: '2000000' },
    clients: { type: 'string', default: '8' },
    batch: { type: 'string', default: '1000' },
    // Writes a V8 CPU profile of the braid process per signal into this directory.
    profile: { type: 'string' },
  },
});
const clients = Number(args.clients);
const batch = Number(args.batch);

function startBraid(dataDir) {
  const profile = args.profile ? ['--cpu-prof', '--cpu-prof-dir', args.profile] : [];
  const child = spawn(process.execPath, [...profile, join(root, 'packages/braid/dist/cli.js'), '--data-dir', dataDir, '--http-port', '0', '--grpc-port', '0', '--log-level', 'warn'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /UI and query APIs\s+(http:\/\/\S+)/.exec(out);
      if (match) resolve({ child, url: match[1] });
    });
    child.once('exit', (code) => reject(new Error(`braid exited ${code}: ${out}`)));
  });
}

function peakRssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

async function dirBytes(dir) {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? await dirBytes(path) : (await stat(path)).size;
  }
  return total;
}

async function post(url, path, body) {
  for (;;) {
    const response = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body });
    await response.arrayBuffer();
    if (response.status === 200) return;
    if (response.status === 429 || response.status === 503) {
      await new Promise((r) => setTimeout(r, 50));
      continue;
    }
    throw new Error(`POST ${path} answered ${response.status}`);
  }
}

async function runSignal(name, path, payloads, itemsPerPayload) {
  const dataDir = await mkdtemp(join(tmpdir(), `braid-bench-${name}-`));
  const braid = await startBraid(dataDir);
  let next = 0;
  const started = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < payloads.length) await post(braid.url, path, payloads[next++]);
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const clientCpu = process.cpuUsage(cpuBefore);
  const rssMb = peakRssMb(braid.child.pid);
  const exited = new Promise((r) => braid.child.once('exit', r));
  braid.child.kill('SIGTERM');
  await exited;
  const bytes = await dirBytes(dataDir);
  await rm(dataDir, { recursive: true, force: true });
  const items = payloads.length * itemsPerPayload;
  return {
    signal: name,
    items,
    requests: payloads.length,
    itemsPerRequest: itemsPerPayload,
    clients,
    seconds: +seconds.toFixed(2),
    itemsPerSecond: Math.round(items / seconds),
    bytesOnDisk: bytes,
    bytesPerItem: +(bytes / items).toFixed(1),
    peakRssMb: rssMb,
    clientCpuSeconds: +((clientCpu.user + clientCpu.system) / 1e6).toFixed(1),
    payloadBytesPerItem: +(payloads.reduce((n, p) => n + p.length, 0) / items).toFixed(1),
  };
}

function payloadsOf(total, encode) {
  const random = rng(42);
  const base = Date.now() - 3_600_000;
  return Array.from({ length: Math.ceil(total / batch) }, (_, i) => encode(random, base + i * 10));
}

const results = [];
const spanPayloads = payloadsOf(Number(args.spans), (r, t) => encodeTracesProtobuf(tracesRequest(r, batch, t)));
results.push(await runSignal('spans', '/v1/traces', spanPayloads, batch));
spanPayloads.length = 0;
const logPayloads = payloadsOf(Number(args.logs), (r, t) => encodeLogsProtobuf(logsRequest(r, batch, t)));
results.push(await runSignal('logs', '/v1/logs', logPayloads, batch));
logPayloads.length = 0;
const pointPayloads = payloadsOf(Number(args.points), (r, t) => encodeMetricsProtobuf(metricsRequest(r, batch, t)));
results.push(await runSignal('data points', '/v1/metrics', pointPayloads, batch));

const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version, date: new Date().toISOString() };
await mkdir(join(root, 'bench/results'), { recursive: true });
await writeFile(join(root, 'bench/results/ingest.json'), JSON.stringify({ machine, results }, null, 2) + '\n');
const table = [
  '| signal | items | clients | items/s | bytes on disk / item | payload bytes / item | peak RSS (MB) | client CPU (s) |',
  '|---|---:|---:|---:|---:|---:|---:|---:|',
  ...results.map((r) => `| ${r.signal} | ${r.items} | ${r.clients} | ${r.itemsPerSecond} | ${r.bytesPerItem} | ${r.payloadBytesPerItem} | ${r.peakRssMb} | ${r.clientCpuSeconds} |`),
].join('\n');
console.log(table);
