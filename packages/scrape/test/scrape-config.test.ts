import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labelsToRecord } from '@braid/model';
import { loadScrapeConfig, parseDuration, parseScrapeConfig, formatDuration } from '../src/index.js';

const FULL = `
global:
  scrape_interval: 15s
  evaluation_interval: 30s
rule_files: [rules.yml]
scrape_configs:
  - job_name: node
    static_configs:
      - targets: ['localhost:9100', 'db:9100']
        labels: { env: prod, port: 9100 }
  - job_name: blackbox
    scrape_interval: 200ms
    metrics_path: /probe
    scheme: https
    honor_labels: true
    honor_timestamps: false
    params: { module: [http_2xx] }
    basic_auth: { username: prom, password_file: secret.txt }
    sample_limit: 1000
    body_size_limit: 10MB
    static_configs: [{ targets: ['prober:9115'] }]
    relabel_configs:
      - source_labels: [__address__]
        target_label: __param_target
    metric_relabel_configs:
      - action: labeldrop
        regex: tmp_.*
`;

describe('parseScrapeConfig', () => {
  it('reads a Prometheus config, applying global and Prometheus defaults', () => {
    const result = parseScrapeConfig(FULL, { baseDir: '/etc/prometheus' });
    if (!result.ok) throw new Error(result.errors.join('\n'));
    expect(result.warnings).toEqual(['"rule_files" is ignored: braid reads only "global" and "scrape_configs" from this file']);
    const [node, blackbox] = result.value.scrapeConfigs;
    expect(node).toMatchObject({
      jobName: 'node',
      scrapeIntervalMs: 15_000,
      scrapeTimeoutMs: 10_000,
      metricsPath: '/metrics',
      scheme: 'http',
      honorLabels: false,
      honorTimestamps: true,
      params: {},
      basicAuth: undefined,
      sampleLimit: 0,
      bodySizeLimitBytes: 0,
      relabelConfigs: [],
      metricRelabelConfigs: [],
    });
    expect(node!.staticConfigs.map((s) => ({ targets: s.targets, labels: labelsToRecord(s.labels) }))).toEqual([{ targets: ['localhost:9100', 'db:9100'], labels: { env: 'prod', port: '9100' } }]);
    expect(blackbox).toMatchObject({
      scrapeIntervalMs: 200,
      scrapeTimeoutMs: 200,
      metricsPath: '/probe',
      scheme: 'https',
      honorLabels: true,
      honorTimestamps: false,
      params: { module: ['http_2xx'] },
      basicAuth: { username: 'prom', password: '', passwordFile: '/etc/prometheus/secret.txt' },
      sampleLimit: 1000,
      bodySizeLimitBytes: 10 * 1024 * 1024,
    });
    expect(blackbox!.relabelConfigs).toMatchObject([{ action: 'replace', sourceLabels: ['__address__'], separator: ';', targetLabel: '__param_target', replacement: '$1', modulus: 0 }]);
    expect(blackbox!.relabelConfigs[0]!.regex.source).toBe('(.*)');
    expect(blackbox!.metricRelabelConfigs).toMatchObject([{ action: 'labeldrop', sourceLabels: [] }]);
  });

  it('uses Prometheus defaults (1m interval, 10s timeout) without a global section', () => {
    const result = parseScrapeConfig('scrape_configs: [{ job_name: a }]');
    expect(result.ok && result.value.scrapeConfigs[0]).toMatchObject({ scrapeIntervalMs: 60_000, scrapeTimeoutMs: 10_000 });
  });

  it('takes an empty file as no scrape configs', () => {
    expect(parseScrapeConfig('')).toEqual({ ok: true, value: { scrapeConfigs: [] }, warnings: [] });
  });
});

/** Configs Prometheus (or braid's subset) refuses, and the message naming where and why. */
const ERRORS: readonly [string, string, RegExp][] = [
  ['YAML syntax', 'scrape_configs: [', /invalid YAML/],
  ['duplicate keys', 'scrape_configs:\n  - job_name: a\n    job_name: b\n', /invalid YAML: Map keys must be unique/],
  ['missing job_name', 'scrape_configs: [{ scheme: http }]', /scrape_configs\[0\]: "job_name" is required/],
  ['duplicate job_name', 'scrape_configs: [{ job_name: a }, { job_name: a }]', /scrape_configs\[1\]: job_name "a" is used by an earlier scrape config/],
  ['timeout over interval', 'scrape_configs: [{ job_name: a, scrape_interval: 5s, scrape_timeout: 10s }]', /scrape_configs\[0\] \(job "a"\): scrape_timeout 10s is greater than scrape_interval 5s/],
  ['global timeout over interval', 'global: { scrape_interval: 5s, scrape_timeout: 6s }', /global: scrape_timeout 6s is greater than scrape_interval 5s/],
  ['bad duration', 'scrape_configs: [{ job_name: a, scrape_interval: 15 }]', /scrape_interval: invalid duration "15"/],
  ['zero interval', 'scrape_configs: [{ job_name: a, scrape_interval: 0s }]', /scrape_interval: must be greater than 0/],
  ['bad scheme', 'scrape_configs: [{ job_name: a, scheme: ftp }]', /scheme: "ftp" is not a scheme braid scrapes/],
  ['metrics_path without slash', 'scrape_configs: [{ job_name: a, metrics_path: metrics }]', /metrics_path: "metrics" must start with "\/"/],
  ['unknown field', 'scrape_configs: [{ job_name: a, scrape_intervall: 5s }]', /\(job "a"\): unknown field "scrape_intervall"/],
  ['unsupported Prometheus field', 'scrape_configs: [{ job_name: a, tls_config: { insecure_skip_verify: true } }]', /\(job "a"\): "tls_config" is not supported by braid's scraper/],
  ['service discovery', 'scrape_configs: [{ job_name: a, kubernetes_sd_configs: [{ role: pod }] }]', /"kubernetes_sd_configs" is not supported/],
  ['target with a scheme', 'scrape_configs: [{ job_name: a, static_configs: [{ targets: ["http://x:1"] }] }]', /targets\[0\]: "http:\/\/x:1" is not a valid target/],
  ['invalid static label name', 'scrape_configs: [{ job_name: a, static_configs: [{ targets: [x], labels: { "a-b": c } }] }]', /labels: "a-b" is not a valid label name/],
  ['unknown top-level field', 'scrape_config: []', /config: unknown field "scrape_config"/],
  ['scrape_configs not a list', 'scrape_configs: { job_name: a }', /scrape_configs: expected a list, got a mapping/],
  ['unknown relabel action', 'scrape_configs: [{ job_name: a, relabel_configs: [{ action: rename }] }]', /relabel_configs\[0\]\.action: unknown relabel action "rename"/],
  ['invalid regex', 'scrape_configs: [{ job_name: a, relabel_configs: [{ regex: "(" }] }]', /relabel_configs\[0\]\.regex: invalid regex "\("/],
  ['hashmod without modulus', 'scrape_configs: [{ job_name: a, relabel_configs: [{ action: hashmod, source_labels: [a], target_label: b }] }]', /hashmod requires a non-zero "modulus"/],
  ['replace without target_label', 'scrape_configs: [{ job_name: a, relabel_configs: [{ source_labels: [a] }] }]', /replace requires "target_label"/],
  ['invalid target_label', 'scrape_configs: [{ job_name: a, relabel_configs: [{ source_labels: [a], target_label: "1x" }] }]', /"1x" is not a valid "target_label" for replace/],
  ['labeldrop with source_labels', 'scrape_configs: [{ job_name: a, metric_relabel_configs: [{ action: labeldrop, regex: x, source_labels: [a] }] }]', /labeldrop takes only "regex"/],
  ['labelmap with an invalid replacement', 'scrape_configs: [{ job_name: a, relabel_configs: [{ action: labelmap, regex: "(.*)", replacement: "a-$1" }] }]', /"a-\$1" is not a valid "replacement" for labelmap/],
  ['invalid source label', 'scrape_configs: [{ job_name: a, relabel_configs: [{ source_labels: ["a.b"], target_label: c }] }]', /"a\.b" is not a valid label name/],
  ['unknown relabel field', 'scrape_configs: [{ job_name: a, relabel_configs: [{ source_label: [a], target_label: c }] }]', /relabel_configs\[0\]: unknown field "source_label"/],
  ['bad body_size_limit', 'scrape_configs: [{ job_name: a, body_size_limit: lots }]', /body_size_limit: invalid size "lots"/],
];

describe('parseScrapeConfig errors', () => {
  it.each(ERRORS)('%s', (_name, yaml, message) => {
    const result = parseScrapeConfig(yaml);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.join('\n')).toMatch(message);
  });

  it('reports every problem at once', () => {
    const result = parseScrapeConfig('scrape_configs: [{ job_name: a, scheme: ftp }, { job_name: b, scrape_timeout: 2m }]');
    expect(!result.ok && result.errors.length).toBe(2);
  });
});

describe('loadScrapeConfig', () => {
  it('names the file in errors, and resolves password_file next to it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'braid-scrape-config-'));
    try {
      await writeFile(join(dir, 'good.yml'), 'scrape_configs: [{ job_name: a, basic_auth: { username: u, password_file: pw } }]');
      await writeFile(join(dir, 'bad.yml'), 'scrape_configs: [{ job_name: a, scheme: ftp }]');
      const good = await loadScrapeConfig(join(dir, 'good.yml'));
      expect(good.ok && good.value.scrapeConfigs[0]!.basicAuth?.passwordFile).toBe(join(dir, 'pw'));
      const bad = await loadScrapeConfig(join(dir, 'bad.yml'));
      expect(!bad.ok && bad.errors[0]).toMatch(/bad\.yml: scrape_configs\[0\] \(job "a"\)\.scheme/);
      const missing = await loadScrapeConfig(join(dir, 'missing.yml'));
      expect(!missing.ok && missing.errors[0]).toMatch(/cannot read scrape config .*missing\.yml/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('durations', () => {
  it.each([
    ['15s', 15_000],
    ['1m', 60_000],
    ['1h30m', 5_400_000],
    ['250ms', 250],
    ['1d', 86_400_000],
    ['1w', 604_800_000],
    ['1y', 31_536_000_000],
    ['0', 0],
    ['1m1m', undefined],
    ['1s1m', undefined],
    ['15', undefined],
    ['-1s', undefined],
    ['', undefined],
  ])('%s → %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([
    [60_000, '1m'],
    [5_400_000, '1h30m'],
    [200, '200ms'],
    [0, '0s'],
    [90_500, '1m30s500ms'],
  ])('%s ms prints as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
