// Bytes on disk per sample: DuckDB's own column compression of the row-per-sample `samples`
// table (as the store writes it today) against Prometheus-style XOR chunks (delta-of-delta
// timestamps, XOR values) stored as BLOBs in DuckDB. Same generated workload for both.
//   npx tsc -b && node bench/sample-storage/run.mjs [--series 10000] [--hours 6] [--interval 15]
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { openDuckDbStore } from '../../packages/store-duckdb/dist/index.js';
import { encodeXorChunk } from '../../packages/store-duckdb/dist/codec/xor-chunk.js';
import { metricSeries } from './workload.mjs';

const { values: args } = parseArgs({
  options: { series: { type: 'string', default: '10000' }, hours: { type: 'string', default: '6' }, interval: { type: 'string', default: '15' } },
});
const seriesCount = Number(args.series);
const intervalMs = Number(args.interval) * 1000;
const points = Math.floor((Number(args.hours) * 3_600_000) / intervalMs);
const start = Date.UTC(2026, 10, 1);
const series = metricSeries(seriesCount, points, start, intervalMs);
const samples = seriesCount * points;

async function fileBytes(path) {
  let total = 0;
  for (const suffix of ['', '.wal']) total += await stat(path + suffix).then((s) => s.size, () => 0);
  return total;
}

/** The store as it is: remote-write-like batches (every series, 20 scrapes per batch), one row per sample. */
async function rowPerSample() {
  const dir = await mkdtemp(join(tmpdir(), 'braid-samples-rows-'));
  const path = join(dir, 'braid.duckdb');
  const store = await openDuckDbStore({ path });
  const started = performance.now();
  const perBatch = 20;
  for (let from = 0; from < points; from += perBatch) {
    const to = Math.min(points, from + perBatch);
    const batch = series.map((s) => ({ labels: s.labels, timestampsMs: s.timestampsMs.subarray(from, to), values: s.values.subarray(from, to) }));
    await store.append([{ kind: 'samples', tenant: 'default', data: { series: batch, exemplars: [], metadata: [] } }]);
  }
  const seconds = (performance.now() - started) / 1000;
  await store.close();
  const bytes = await fileBytes(path);
  await rm(dir, { recursive: true, force: true });
  return { layout: 'row per sample (DuckDB compression)', bytes, bytesPerSample: +(bytes / samples).toFixed(2), samplesPerSecond: Math.round(samples / seconds) };
}

/** XOR chunks of 120 samples per series (30 min at 15 s, as Prometheus' head chunks), one BLOB row per chunk. */
async function xorChunks() {
  const dir = await mkdtemp(join(tmpdir(), 'braid-samples-chunks-'));
  const path = join(dir, 'chunks.duckdb');
  const instance = await DuckDBInstance.create(path);
  const connection = await instance.connect();
  await connection.run('CREATE TABLE sample_chunks (series_id UBIGINT, min_ts BIGINT, max_ts BIGINT, chunk BLOB)');
  const started = performance.now();
  let encodedBytes = 0;
  const appender = await connection.createAppender('sample_chunks');
  series.forEach((s, index) => {
    for (let from = 0; from < points; from += 120) {
      const to = Math.min(points, from + 120);
      const chunk = encodeXorChunk(s.timestampsMs.subarray(from, to), s.values.subarray(from, to));
      encodedBytes += chunk.length;
      appender.appendUBigInt(BigInt(index) * 0x9e3779b97f4a7c15n & 0xffffffffffffffffn);
      appender.appendBigInt(BigInt(s.timestampsMs[from]));
      appender.appendBigInt(BigInt(s.timestampsMs[to - 1]));
      appender.appendBlob(chunk);
      appender.endRow();
    }
  });
  appender.flushSync();
  appender.closeSync();
  const seconds = (performance.now() - started) / 1000;
  await connection.run('CHECKPOINT');
  connection.closeSync();
  instance.closeSync();
  const bytes = await fileBytes(path);
  await rm(dir, { recursive: true, force: true });
  return {
    layout: 'XOR chunks of 120 samples in a BLOB column',
    bytes,
    bytesPerSample: +(bytes / samples).toFixed(2),
    encodedBytesPerSample: +(encodedBytes / samples).toFixed(2),
    samplesPerSecond: Math.round(samples / seconds),
  };
}

const results = [await xorChunks(), await rowPerSample()];
console.table(results);
const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version, date: new Date().toISOString() };
await mkdir(new URL('../results/', import.meta.url), { recursive: true });
await writeFile(new URL('../results/sample-storage.json', import.meta.url), JSON.stringify({ machine, seriesCount, points, intervalMs, samples, results }, null, 2) + '\n');
