import { describe, expect, it } from 'vitest';
import { labelsToRecord } from '@braid/model';
import { resolveTargets } from '../src/index.js';
import { jobOf } from './support/jobs.js';

function targetsOf(job: object) {
  const resolved = resolveTargets(jobOf(job));
  return {
    targets: resolved.targets.map((t) => ({ labels: labelsToRecord(t.labels), url: t.url, intervalMs: t.intervalMs, timeoutMs: t.timeoutMs })),
    dropped: resolved.dropped,
    errors: resolved.errors,
  };
}

describe('resolveTargets', () => {
  it('gives each target job, instance and its static labels, and its URL', () => {
    expect(targetsOf({ static_configs: [{ targets: ['a:9100', 'b:9100'], labels: { env: 'prod' } }] })).toEqual({
      targets: [
        { labels: { env: 'prod', instance: 'a:9100', job: 'node' }, url: 'http://a:9100/metrics', intervalMs: 60_000, timeoutMs: 10_000 },
        { labels: { env: 'prod', instance: 'b:9100', job: 'node' }, url: 'http://b:9100/metrics', intervalMs: 60_000, timeoutMs: 10_000 },
      ],
      dropped: 0,
      errors: [],
    });
  });

  it('builds the URL from scheme, metrics_path and params, and lets relabeling set __param_*', () => {
    const { targets } = targetsOf({
      scheme: 'https',
      metrics_path: '/probe',
      params: { module: ['http_2xx'], extra: ['a', 'b'] },
      static_configs: [{ targets: ['example.com'] }],
      relabel_configs: [
        { source_labels: ['__address__'], target_label: '__param_target' },
        { source_labels: ['__param_target'], target_label: 'instance' },
        { target_label: '__address__', replacement: 'prober:9115' },
      ],
    });
    expect(targets).toEqual([
      { labels: { instance: 'example.com', job: 'node' }, url: 'https://prober:9115/probe?extra=a&extra=b&module=http_2xx&target=example.com', intervalMs: 60_000, timeoutMs: 10_000 },
    ]);
  });

  it('lets relabeling change the interval and timeout, and drops __ labels from the target', () => {
    const { targets } = targetsOf({
      static_configs: [{ targets: ['a:1'], labels: { __tmp: 'x' } }],
      relabel_configs: [
        { target_label: '__scrape_interval__', replacement: '30s' },
        { target_label: '__scrape_timeout__', replacement: '5s' },
        { source_labels: ['__tmp'], target_label: 'tmp' },
      ],
    });
    expect(targets).toEqual([{ labels: { instance: 'a:1', job: 'node', tmp: 'x' }, url: 'http://a:1/metrics', intervalMs: 30_000, timeoutMs: 5_000 }]);
  });

  it('keeps a target an instance label set by static labels or relabeling', () => {
    const { targets } = targetsOf({ static_configs: [{ targets: ['a:1'], labels: { instance: 'primary' } }] });
    expect(targets[0]!.labels).toEqual({ instance: 'primary', job: 'node' });
  });

  it('drops targets a keep/drop rule drops, and scrapes duplicates once', () => {
    const result = targetsOf({
      static_configs: [{ targets: ['a:1', 'b:1', 'a:1'] }],
      relabel_configs: [{ source_labels: ['__address__'], regex: 'b:.*', action: 'drop' }],
    });
    expect(result.targets.map((t) => t.labels.instance)).toEqual(['a:1']);
    expect(result.dropped).toBe(1);
  });

  it('refuses targets relabeling leaves without an address or with a bad interval', () => {
    const result = targetsOf({
      static_configs: [{ targets: ['a:1'] }, { targets: ['b:1'], labels: { slow: 'yes' } }],
      relabel_configs: [
        { source_labels: ['__address__'], regex: 'a:1', target_label: '__address__', replacement: '' },
        { source_labels: ['slow'], regex: 'yes', target_label: '__scrape_timeout__', replacement: '2m' },
      ],
    });
    expect(result.targets).toEqual([]);
    expect(result.errors).toEqual([
      'job "node", target "a:1": no __address__ label after relabeling',
      'job "node", target "b:1": __scrape_timeout__ 2m is greater than __scrape_interval__ 1m',
    ]);
  });
});
