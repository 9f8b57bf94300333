import { isAbsolute, resolve } from 'node:path';
import { labelsFromRecord } from '@braid/model';
import { parseDocument } from 'yaml';
import { ConfigReader, type YamlMap } from './config-reader.js';
import { formatDuration } from './duration.js';
import { parseRelabelConfigs } from './parse-relabel-config.js';
import {
  DEFAULT_SCRAPE_INTERVAL_MS,
  DEFAULT_SCRAPE_TIMEOUT_MS,
  type BasicAuth,
  type ScrapeConfigResult,
  type ScrapeJobConfig,
  type StaticConfig,
} from './scrape-config.js';

const JOB_FIELDS = [
  'job_name',
  'scrape_interval',
  'scrape_timeout',
  'metrics_path',
  'scheme',
  'honor_labels',
  'honor_timestamps',
  'params',
  'basic_auth',
  'follow_redirects',
  'enable_compression',
  'sample_limit',
  'body_size_limit',
  'static_configs',
  'relabel_configs',
  'metric_relabel_configs',
];
/** Prometheus fields braid refuses rather than ignores: ignoring them would scrape something else than the user asked for. */
const UNSUPPORTED_JOB_FIELDS = [
  'tls_config',
  'authorization',
  'bearer_token',
  'bearer_token_file',
  'oauth2',
  'proxy_url',
  'no_proxy',
  'proxy_from_environment',
  'proxy_connect_header',
  'http_headers',
  'enable_http2',
  'scrape_protocols',
  'fallback_scrape_protocol',
  'track_timestamps_staleness',
  'label_limit',
  'label_name_length_limit',
  'label_value_length_limit',
  'target_limit',
  'keep_dropped_targets',
  'scrape_classic_histograms',
  'always_scrape_classic_histograms',
  'convert_classic_histograms_to_nhcb',
  'native_histogram_bucket_limit',
  'native_histogram_min_bucket_factor',
  'metric_name_validation_scheme',
  'metric_name_escaping_scheme',
  'scrape_failure_log_file',
  'scrape_config_files',
];
const GLOBAL_FIELDS = ['scrape_interval', 'scrape_timeout'];
/** Global settings for rules, remote storage and the like: valid Prometheus, not about scraping. */
const IGNORED_GLOBAL_FIELDS = ['evaluation_interval', 'rule_query_offset', 'external_labels', 'query_log_file', 'scrape_failure_log_file', 'body_size_limit', 'sample_limit', 'label_limit', 'label_name_length_limit', 'label_value_length_limit', 'target_limit', 'keep_dropped_targets', 'scrape_protocols', 'metric_name_validation_scheme', 'metric_name_escaping_scheme', 'always_scrape_classic_histograms', 'convert_classic_histograms_to_nhcb', 'extra_scrape_metrics'];
const TOP_LEVEL_FIELDS = ['global', 'scrape_configs'];
const IGNORED_TOP_LEVEL_FIELDS = ['rule_files', 'alerting', 'remote_write', 'remote_read', 'storage', 'tracing', 'runtime', 'otlp', 'scrape_config_files'];
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export interface ParseScrapeConfigOptions {
  /** Directory that relative `password_file` paths are resolved against (the config file's). */
  readonly baseDir?: string;
}

interface Globals {
  readonly intervalMs: number;
  readonly timeoutMs: number;
}

/** Parses the `global` and `scrape_configs` sections of a Prometheus configuration file. */
export function parseScrapeConfig(text: string, options: ParseScrapeConfigOptions = {}): ScrapeConfigResult {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) return { ok: false, errors: doc.errors.map((e) => `invalid YAML: ${e.message}`) };
  const reader = new ConfigReader();
  const root = reader.map(doc.toJS({ maxAliasCount: 100 }) as unknown, 'config') ?? {};
  for (const key of Object.keys(root)) {
    if (TOP_LEVEL_FIELDS.includes(key)) continue;
    if (IGNORED_TOP_LEVEL_FIELDS.includes(key)) reader.warnings.push(`"${key}" is ignored: braid reads only "global" and "scrape_configs" from this file`);
    else reader.error('config', `unknown field "${key}"`);
  }
  const globals = parseGlobals(reader, root.global);
  const jobs: ScrapeJobConfig[] = [];
  const names = new Set<string>();
  reader.list(root.scrape_configs, 'scrape_configs').forEach((item, i) => {
    const job = parseJob(reader, item, `scrape_configs[${i}]`, globals, options.baseDir ?? process.cwd());
    if (!job) return;
    if (names.has(job.jobName)) reader.error(`scrape_configs[${i}]`, `job_name "${job.jobName}" is used by an earlier scrape config`);
    names.add(job.jobName);
    jobs.push(job);
  });
  if (reader.errors.length > 0) return { ok: false, errors: reader.errors };
  return { ok: true, value: { scrapeConfigs: jobs }, warnings: reader.warnings };
}

function parseGlobals(reader: ConfigReader, value: unknown): Globals {
  const map = reader.map(value, 'global') ?? {};
  for (const key of Object.keys(map)) {
    if (GLOBAL_FIELDS.includes(key)) continue;
    if (key === 'external_labels') reader.warnings.push('global.external_labels is ignored: braid adds no labels to scraped series');
    else if (!IGNORED_GLOBAL_FIELDS.includes(key)) reader.error('global', `unknown field "${key}"`);
  }
  const intervalMs = positive(reader, reader.duration(map.scrape_interval, 'global.scrape_interval'), 'global.scrape_interval') ?? DEFAULT_SCRAPE_INTERVAL_MS;
  let timeoutMs = positive(reader, reader.duration(map.scrape_timeout, 'global.scrape_timeout'), 'global.scrape_timeout');
  if (timeoutMs === undefined) timeoutMs = Math.min(DEFAULT_SCRAPE_TIMEOUT_MS, intervalMs);
  else if (timeoutMs > intervalMs) reader.error('global', `scrape_timeout ${formatDuration(timeoutMs)} is greater than scrape_interval ${formatDuration(intervalMs)}`);
  return { intervalMs, timeoutMs };
}

function parseJob(reader: ConfigReader, value: unknown, at: string, globals: Globals, baseDir: string): ScrapeJobConfig | undefined {
  const map = reader.map(value, at);
  if (!map) {
    reader.error(at, 'empty scrape config');
    return undefined;
  }
  const jobName = reader.string(map.job_name, `${at}.job_name`);
  const path = jobName ? `${at} (job "${jobName}")` : at;
  if (!jobName) reader.error(path, '"job_name" is required');
  const errorsBefore = reader.errors.length;
  reader.checkKeys(map, path, JOB_FIELDS, UNSUPPORTED_JOB_FIELDS);

  const scrapeIntervalMs = positive(reader, reader.duration(map.scrape_interval, `${path}.scrape_interval`), `${path}.scrape_interval`) ?? globals.intervalMs;
  let scrapeTimeoutMs = positive(reader, reader.duration(map.scrape_timeout, `${path}.scrape_timeout`), `${path}.scrape_timeout`);
  scrapeTimeoutMs ??= Math.min(globals.timeoutMs, scrapeIntervalMs);
  if (scrapeTimeoutMs > scrapeIntervalMs) {
    reader.error(path, `scrape_timeout ${formatDuration(scrapeTimeoutMs)} is greater than scrape_interval ${formatDuration(scrapeIntervalMs)}`);
  }
  const metricsPath = reader.string(map.metrics_path, `${path}.metrics_path`) ?? '/metrics';
  if (!metricsPath.startsWith('/')) reader.error(`${path}.metrics_path`, `"${metricsPath}" must start with "/"`);
  const scheme = reader.string(map.scheme, `${path}.scheme`) ?? 'http';
  if (scheme !== 'http' && scheme !== 'https') reader.error(`${path}.scheme`, `"${scheme}" is not a scheme braid scrapes: expected http or https`);

  const job: ScrapeJobConfig = {
    jobName: jobName ?? '',
    scrapeIntervalMs,
    scrapeTimeoutMs,
    metricsPath,
    scheme: scheme === 'https' ? 'https' : 'http',
    honorLabels: reader.boolean(map.honor_labels, `${path}.honor_labels`) ?? false,
    honorTimestamps: reader.boolean(map.honor_timestamps, `${path}.honor_timestamps`) ?? true,
    params: parseParams(reader, map.params, `${path}.params`),
    basicAuth: parseBasicAuth(reader, map.basic_auth, `${path}.basic_auth`, baseDir),
    followRedirects: reader.boolean(map.follow_redirects, `${path}.follow_redirects`) ?? true,
    enableCompression: reader.boolean(map.enable_compression, `${path}.enable_compression`) ?? true,
    sampleLimit: reader.count(map.sample_limit, `${path}.sample_limit`) ?? 0,
    bodySizeLimitBytes: reader.byteSize(map.body_size_limit, `${path}.body_size_limit`) ?? 0,
    staticConfigs: reader.list(map.static_configs, `${path}.static_configs`).map((item, i) => parseStaticConfig(reader, item, `${path}.static_configs[${i}]`)),
    relabelConfigs: parseRelabelConfigs(reader, map.relabel_configs, `${path}.relabel_configs`),
    metricRelabelConfigs: parseRelabelConfigs(reader, map.metric_relabel_configs, `${path}.metric_relabel_configs`),
  };
  return jobName && reader.errors.length === errorsBefore ? job : undefined;
}

function positive(reader: ConfigReader, ms: number | undefined, path: string): number | undefined {
  if (ms === 0) {
    reader.error(path, 'must be greater than 0');
    return undefined;
  }
  return ms;
}

function parseParams(reader: ConfigReader, value: unknown, path: string): Record<string, string[]> {
  const map = reader.map(value, path) ?? {};
  const params: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(map)) {
    params[name] = reader.list(values, `${path}.${name}`).map((v, i) => reader.string(v, `${path}.${name}[${i}]`) ?? '');
  }
  return params;
}

function parseBasicAuth(reader: ConfigReader, value: unknown, path: string, baseDir: string): BasicAuth | undefined {
  const map: YamlMap | undefined = reader.map(value, path);
  if (!map) return undefined;
  reader.checkKeys(map, path, ['username', 'password', 'password_file'], ['username_file']);
  const username = reader.string(map.username, `${path}.username`) ?? '';
  const password = reader.string(map.password, `${path}.password`) ?? '';
  const passwordFile = reader.string(map.password_file, `${path}.password_file`);
  if (password !== '' && passwordFile !== undefined) reader.error(path, 'at most one of "password" and "password_file" may be set');
  return { username, password, passwordFile: passwordFile === undefined ? undefined : isAbsolute(passwordFile) ? passwordFile : resolve(baseDir, passwordFile) };
}

function parseStaticConfig(reader: ConfigReader, value: unknown, path: string): StaticConfig {
  const map = reader.map(value, path) ?? {};
  reader.checkKeys(map, path, ['targets', 'labels']);
  const targets = reader.list(map.targets, `${path}.targets`).flatMap((v, i) => {
    const target = reader.string(v, `${path}.targets[${i}]`);
    if (target === undefined) return [];
    if (target === '' || target.includes('/') || /\s/.test(target)) {
      reader.error(`${path}.targets[${i}]`, `"${target}" is not a valid target: expected host:port (the scheme and path are set by "scheme" and "metrics_path")`);
      return [];
    }
    return [target];
  });
  const labels = reader.stringMap(map.labels, `${path}.labels`);
  for (const name of Object.keys(labels)) if (!LABEL_NAME.test(name)) reader.error(`${path}.labels`, `"${name}" is not a valid label name`);
  return { targets, labels: labelsFromRecord(labels) };
}
