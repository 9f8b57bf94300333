import type { Labels } from '@braid/model';
import type { RelabelRule } from '../relabel/relabel-rule.js';

/** `basic_auth`: the password as given, or read from `passwordFile` at every scrape (as Prometheus does). */
export interface BasicAuth {
  readonly username: string;
  readonly password: string;
  /** Absolute path, resolved against the config file's directory. */
  readonly passwordFile: string | undefined;
}

/** One `static_configs` entry. */
export interface StaticConfig {
  readonly targets: readonly string[];
  readonly labels: Labels;
}

/** One `scrape_configs` entry, validated, with the `global` section's and Prometheus' defaults applied. */
export interface ScrapeJobConfig {
  readonly jobName: string;
  readonly scrapeIntervalMs: number;
  readonly scrapeTimeoutMs: number;
  readonly metricsPath: string;
  readonly scheme: 'http' | 'https';
  readonly honorLabels: boolean;
  readonly honorTimestamps: boolean;
  readonly params: Readonly<Record<string, readonly string[]>>;
  readonly basicAuth: BasicAuth | undefined;
  readonly followRedirects: boolean;
  readonly enableCompression: boolean;
  /** Most samples a scrape may keep after metric relabeling; beyond it the scrape fails. 0: no limit. */
  readonly sampleLimit: number;
  /** Largest uncompressed body; beyond it the scrape fails. 0: no limit. */
  readonly bodySizeLimitBytes: number;
  readonly staticConfigs: readonly StaticConfig[];
  readonly relabelConfigs: readonly RelabelRule[];
  readonly metricRelabelConfigs: readonly RelabelRule[];
}

/** The scraping part of a Prometheus configuration file. */
export interface ScrapeConfig {
  readonly scrapeConfigs: readonly ScrapeJobConfig[];
}

/** A parsed config with what braid ignores in it, or every problem found. */
export type ScrapeConfigResult =
  | { readonly ok: true; readonly value: ScrapeConfig; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly errors: readonly string[] };

/** Prometheus' defaults for the `global` section. */
export const DEFAULT_SCRAPE_INTERVAL_MS = 60_000;
export const DEFAULT_SCRAPE_TIMEOUT_MS = 10_000;
