import { labelsKey, type Label, type Labels } from '@braid/model';
import { formatDuration, parseDuration } from '../config/duration.js';
import type { ScrapeJobConfig } from '../config/scrape-config.js';
import { relabel } from '../relabel/relabel.js';

/** A target to scrape: its URL, timing and the labels its series get. */
export interface ScrapeTarget {
  readonly job: ScrapeJobConfig;
  /** job, instance, static labels and what relabeling made, without `__` labels; sorted. */
  readonly labels: Labels;
  readonly url: string;
  readonly intervalMs: number;
  readonly timeoutMs: number;
  /** Identity: equal labels and URL are the same target, scraped once. */
  readonly key: string;
}

/** The targets of a job, the count relabeling dropped, and targets refused with the reason. */
export interface JobTargets {
  readonly targets: readonly ScrapeTarget[];
  readonly dropped: number;
  readonly errors: readonly string[];
}

const PARAM_PREFIX = '__param_';

/** Builds a job's targets from its static configs and `relabel_configs`, as Prometheus' `PopulateLabels` does. */
export function resolveTargets(job: ScrapeJobConfig): JobTargets {
  const targets = new Map<string, ScrapeTarget>();
  const errors: string[] = [];
  let dropped = 0;
  for (const group of job.staticConfigs) {
    for (const address of group.targets) {
      const result = populate(job, group.labels, address);
      if (result === undefined) dropped++;
      else if (typeof result === 'string') errors.push(`job "${job.jobName}", target "${address}": ${result}`);
      else if (!targets.has(result.key)) targets.set(result.key, result);
    }
  }
  return { targets: [...targets.values()], dropped, errors };
}

function populate(job: ScrapeJobConfig, groupLabels: Labels, address: string): ScrapeTarget | string | undefined {
  const lb = new Map<string, string>();
  for (const l of groupLabels) lb.set(l.name, l.value);
  lb.set('__address__', address);
  const defaults: [string, string][] = [
    ['job', job.jobName],
    ['__scrape_interval__', formatDuration(job.scrapeIntervalMs)],
    ['__scrape_timeout__', formatDuration(job.scrapeTimeoutMs)],
    ['__metrics_path__', job.metricsPath],
    ['__scheme__', job.scheme],
  ];
  for (const [name, value] of defaults) if (!lb.get(name)) lb.set(name, value);
  for (const [name, values] of Object.entries(job.params)) if (values.length > 0 && !lb.get(PARAM_PREFIX + name)) lb.set(PARAM_PREFIX + name, values[0]!);

  const relabeled = relabel(sorted(lb), job.relabelConfigs);
  if (relabeled === undefined) return undefined;
  const get = (name: string) => relabeled.find((l) => l.name === name)?.value ?? '';
  const addr = get('__address__');
  if (addr === '') return 'no __address__ label after relabeling';
  if (addr.includes('/')) return `"${addr}" is not a valid host:port`;
  const intervalMs = parseDuration(get('__scrape_interval__'));
  const timeoutMs = parseDuration(get('__scrape_timeout__'));
  if (!intervalMs) return `invalid __scrape_interval__ "${get('__scrape_interval__')}"`;
  if (!timeoutMs) return `invalid __scrape_timeout__ "${get('__scrape_timeout__')}"`;
  if (timeoutMs > intervalMs) return `__scrape_timeout__ ${formatDuration(timeoutMs)} is greater than __scrape_interval__ ${formatDuration(intervalMs)}`;
  const url = targetUrl(job, relabeled, get('__scheme__'), addr, get('__metrics_path__'));
  if (url === undefined) return `no valid URL from __scheme__ "${get('__scheme__')}", __address__ "${addr}" and __metrics_path__ "${get('__metrics_path__')}"`;

  const labels: Label[] = relabeled.filter((l) => !l.name.startsWith('__'));
  if (!labels.some((l) => l.name === 'instance')) labels.push({ name: 'instance', value: addr });
  const final = labels.sort(byName);
  return { job, labels: final, url, intervalMs, timeoutMs, key: `${labelsKey(final)}\u0002${url}` };
}

function targetUrl(job: ScrapeJobConfig, labels: Labels, scheme: string, address: string, path: string): string | undefined {
  if (scheme !== 'http' && scheme !== 'https') return undefined;
  let url: URL;
  try {
    url = new URL(`${scheme}://${address}`);
    url.pathname = path;
  } catch {
    return undefined;
  }
  const params = new Map<string, string[]>(Object.entries(job.params).map(([k, v]) => [k, [...v]]));
  for (const l of labels) {
    if (!l.name.startsWith(PARAM_PREFIX)) continue;
    const name = l.name.slice(PARAM_PREFIX.length);
    const values = params.get(name);
    if (values && values.length > 0) values[0] = l.value;
    else params.set(name, [l.value]);
  }
  for (const [name, values] of [...params].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) for (const v of values) url.searchParams.append(name, v);
  return url.toString();
}

function sorted(lb: Map<string, string>): Labels {
  const out: Label[] = [];
  for (const [name, value] of lb) if (value !== '') out.push({ name, value });
  return out.sort(byName);
}

function byName(a: Label, b: Label): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
