import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TENANT, isStaleNaN, labelsToRecord, toHex } from '@braid/model';
import type { Store } from '@braid/store';
import { openDuckDbStore } from '@braid/store-duckdb';
import { startTestBraid, type BraidHarness } from './support/braid-harness.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';
const NODE_EXPORTER = '/usr/bin/prometheus-node-exporter';

const byName = (name: string, extra: Record<string, string> = {}) => ({
  matchers: [{ name: '__name__', op: '=' as const, value: name }, ...Object.entries(extra).map(([n, value]) => ({ name: n, op: '=' as const, value }))],
  startMs: 0,
  endMs: Date.now() + 86_400_000,
});

/** One series' values in time order, staleness markers as 'stale'. */
async function valuesOf(store: Store, name: string, labels: Record<string, string> = {}) {
  const series = await store.readSamples(DEFAULT_TENANT, byName(name, labels));
  return series.map((s) => ({ labels: labelsToRecord(s.labels), values: [...s.values].map((v) => (isStaleNaN(v) ? 'stale' : v)), timestampsMs: [...s.timestampsMs] }));
}

async function waitFor(condition: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** `up` values of a job, in time order. */
async function upsOf(store: Store, job: string): Promise<(number | 'stale')[]> {
  return (await valuesOf(store, 'up', { job }))[0]?.values ?? [];
}

/** An application instrumented with prom-client: text format on /metrics, OpenMetrics with exemplars on /om. */
async function startInstrumentedApp(): Promise<{ server: Server; address: string }> {
  const text = new Registry();
  const orders = new Counter({ name: 'shop_orders_total', help: 'Orders placed.', labelNames: ['kind'], registers: [text] });
  orders.inc({ kind: 'book' }, 3);
  orders.inc({ kind: 'pen' });
  new Gauge({ name: 'shop_queue_depth', help: 'Orders waiting, "quoted" \\ help.', registers: [text] }).set(4.5);

  const om = new Registry(Registry.OPENMETRICS_CONTENT_TYPE);
  const latency = new Histogram({ name: 'shop_checkout_seconds', help: 'Checkout latency.', buckets: [0.1, 0.5], labelNames: ['route'], registers: [om], enableExemplars: true });
  latency.observe({ value: 0.3, labels: { route: '/pay' }, exemplarLabels: { trace_id: TRACE_ID, span_id: SPAN_ID } });

  const server = createServer((req, res) => {
    const registry = req.url === '/om' ? om : text;
    void registry.metrics().then((body) => {
      res.writeHead(200, { 'content-type': registry.contentType });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, address: `127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('scraping a prom-client endpoint', () => {
  let harness: BraidHarness;
  let app: { server: Server; address: string };
  let configDir: string;

  beforeAll(async () => {
    app = await startInstrumentedApp();
    configDir = await mkdtemp(join(tmpdir(), 'braid-scrape-'));
    const file = join(configDir, 'prometheus.yml');
    await writeFile(
      file,
      [
        'global:',
        '  scrape_interval: 200ms',
        'rule_files: [ignored.yml]',
        'scrape_configs:',
        '  - job_name: shop',
        '    static_configs:',
        `      - targets: ['${app.address}']`,
        '        labels: { env: test }',
        '  - job_name: shop-om',
        '    metrics_path: /om',
        '    static_configs:',
        `      - targets: ['${app.address}']`,
        '    metric_relabel_configs:',
        '      - source_labels: [route]',
        '        target_label: path',
        '      - regex: route',
        '        action: labeldrop',
      ].join('\n'),
    );
    harness = await startTestBraid(['--scrape-config', file]);
  });

  afterAll(async () => {
    await harness?.dispose();
    app?.server.close();
    await rm(configDir, { recursive: true, force: true });
  });

  it('commits scraped samples, exemplars, metadata and up, then up=0 and staleness markers once the endpoint is gone and when braid stops', async () => {
    const live = harness.braid.store;
    await waitFor(async () => (await upsOf(live, 'shop')).length >= 3 && (await upsOf(live, 'shop-om')).length >= 3, 'three scrapes of each job');
    expect(harness.braid.scraping?.manager.targets().map((t) => t.health)).toEqual(['up', 'up']);

    await new Promise<void>((resolve) => {
      app.server.close(() => resolve());
      app.server.closeAllConnections();
    });
    await waitFor(async () => (await upsOf(live, 'shop')).includes(0) && (await upsOf(live, 'shop-om')).includes(0), 'a failed scrape of each job');
    await harness.braid.stop();

    const store = await openDuckDbStore({ path: join(harness.dataDir, 'braid.duckdb') });
    try {
      const target = { instance: app.address, job: 'shop', env: 'test' };
      const orders = await valuesOf(store, 'shop_orders_total', { job: 'shop' });
      expect(orders.map((s) => s.labels).sort((a, b) => a.kind!.localeCompare(b.kind!))).toEqual([
        { __name__: 'shop_orders_total', kind: 'book', ...target },
        { __name__: 'shop_orders_total', kind: 'pen', ...target },
      ]);
      for (const s of orders) {
        // Scraped while the endpoint lived, marked stale by the first failed scrape, nothing after.
        const live = s.values.slice(0, -1);
        expect(live.length).toBeGreaterThanOrEqual(3);
        expect(new Set(live)).toEqual(new Set([s.labels.kind === 'book' ? 3 : 1]));
        expect(s.values.at(-1)).toBe('stale');
      }

      const ups = await upsOf(store, 'shop');
      const firstDown = ups.indexOf(0);
      expect(ups.slice(0, firstDown).every((v) => v === 1)).toBe(true);
      expect(ups.slice(firstDown, -1).every((v) => v === 0)).toBe(true);
      expect(ups.at(-1)).toBe('stale');
      const up = (await valuesOf(store, 'up', { job: 'shop' }))[0]!;
      expect(up.labels).toEqual({ __name__: 'up', ...target });
      expect([...up.timestampsMs].sort((a, b) => a - b)).toEqual(up.timestampsMs);
      // Every scrape writes its samples at the scrape's time: the counter's times are up's, up to the failure.
      expect(orders[0]!.timestampsMs).toEqual(up.timestampsMs.slice(0, firstDown + 1));

      const scraped = (await valuesOf(store, 'scrape_samples_scraped', { job: 'shop' }))[0]!.values;
      expect(scraped.slice(0, firstDown)).toEqual(Array(firstDown).fill(3));
      const added = (await valuesOf(store, 'scrape_series_added', { job: 'shop' }))[0]!.values;
      expect(added.slice(0, 2)).toEqual([3, 0]);
      expect((await valuesOf(store, 'scrape_duration_seconds', { job: 'shop' }))[0]!.values.at(-1)).toBe('stale');

      const metadata = await store.metadata(DEFAULT_TENANT, {});
      expect(metadata.filter((m) => m.metricFamilyName.startsWith('shop_')).sort((a, b) => a.metricFamilyName.localeCompare(b.metricFamilyName))).toEqual([
        { metricFamilyName: 'shop_checkout_seconds', type: 'histogram', help: 'Checkout latency.', unit: '' },
        { metricFamilyName: 'shop_orders_total', type: 'counter', help: 'Orders placed.', unit: '' },
        { metricFamilyName: 'shop_queue_depth', type: 'gauge', help: 'Orders waiting, "quoted" \\ help.', unit: '' },
      ]);

      const buckets = await valuesOf(store, 'shop_checkout_seconds_bucket', { job: 'shop-om', le: '0.5' });
      expect(buckets.map((s) => s.labels)).toEqual([{ __name__: 'shop_checkout_seconds_bucket', instance: app.address, job: 'shop-om', le: '0.5', path: '/pay' }]);
      const exemplars = await store.readExemplars(DEFAULT_TENANT, byName('shop_checkout_seconds_bucket'));
      // prom-client repeats the exemplar in every scrape; it is stored once.
      expect(exemplars.map((e) => ({ series: labelsToRecord(e.seriesLabels), labels: e.labels, traceId: e.traceId && toHex(e.traceId), spanId: e.spanId && toHex(e.spanId), value: e.value }))).toEqual([
        { series: buckets[0]!.labels, labels: [], traceId: TRACE_ID, spanId: SPAN_ID, value: 0.3 },
      ]);
    } finally {
      await store.close();
    }
  });
});

describe('braid refuses a bad scrape config', () => {
  it('lists every problem and does not start', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'braid-scrape-bad-'));
    try {
      const file = join(dir, 'prometheus.yml');
      await writeFile(file, 'scrape_configs:\n  - job_name: a\n    scheme: ftp\n  - job_name: b\n    kubernetes_sd_configs: [{ role: pod }]\n');
      await expect(startTestBraid(['--scrape-config', file])).rejects.toThrow(
        /invalid --scrape-config:\n {2}.*prometheus\.yml: scrape_configs\[0\] \(job "a"\)\.scheme: "ftp" is not a scheme braid scrapes.*\n {2}.*scrape_configs\[1\] \(job "b"\): "kubernetes_sd_configs" is not supported/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

const hasNodeExporter = existsSync(NODE_EXPORTER);

describe.skipIf(!hasNodeExporter)(hasNodeExporter ? 'scraping node_exporter' : `scraping node_exporter (skipped: ${NODE_EXPORTER} is not installed)`, () => {
  let harness: BraidHarness;
  let exporter: ChildProcess;
  let address: string;
  let configDir: string;

  beforeAll(async () => {
    address = `127.0.0.1:${await freePort()}`;
    exporter = spawn(NODE_EXPORTER, [`--web.listen-address=${address}`, '--collector.disable-defaults', '--collector.loadavg', '--collector.meminfo', '--collector.cpu'], { stdio: 'ignore' });
    await waitFor(async () => (await fetch(`http://${address}/metrics`).catch(() => undefined))?.ok === true, 'node_exporter to listen');
    configDir = await mkdtemp(join(tmpdir(), 'braid-scrape-node-'));
    const file = join(configDir, 'prometheus.yml');
    await writeFile(file, `scrape_configs:\n  - job_name: node\n    scrape_interval: 500ms\n    static_configs: [{ targets: ['${address}'] }]\n`);
    harness = await startTestBraid(['--scrape-config', file]);
  });

  afterAll(async () => {
    exporter?.kill('SIGKILL');
    await harness?.dispose();
    await rm(configDir, { recursive: true, force: true });
  });

  it('stores its metrics and metadata, then up=0 and staleness markers when it exits', async () => {
    const store = harness.braid.store;
    await waitFor(async () => (await upsOf(store, 'node')).filter((v) => v === 1).length >= 2, 'two scrapes');
    const exited = new Promise((resolve) => exporter.once('exit', resolve));
    exporter.kill('SIGTERM');
    await exited;
    await waitFor(async () => (await upsOf(store, 'node')).includes(0), 'a failed scrape');

    const memTotal = await valuesOf(store, 'node_memory_MemTotal_bytes');
    expect(memTotal.map((s) => s.labels)).toEqual([{ __name__: 'node_memory_MemTotal_bytes', instance: address, job: 'node' }]);
    expect(memTotal[0]!.values.at(-1)).toBe('stale');
    expect(memTotal[0]!.values.slice(0, -1).every((v) => typeof v === 'number' && v > 0)).toBe(true);
    const cpu = await valuesOf(store, 'node_cpu_seconds_total', { mode: 'idle' });
    expect(cpu.length).toBeGreaterThan(0);
    expect(await store.metadata(DEFAULT_TENANT, { metric: 'node_load1' })).toEqual([{ metricFamilyName: 'node_load1', type: 'gauge', help: '1m load average.', unit: '' }]);
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
