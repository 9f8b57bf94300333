import { describe, expect, it } from 'vitest';
import { isStaleNaN, labelsToRecord, toHex } from '@braid/model';
import type { SamplesData } from '@braid/store';
import { resolveTargets, SamplesBuilder, ScrapeCache, type ExpositionFormat } from '../src/index.js';
import { jobOf } from './support/jobs.js';

const T1 = 1_700_000_000_000;
const T2 = T1 + 15_000;
const T3 = T2 + 15_000;
const REPORT = new Set(['up', 'scrape_duration_seconds', 'scrape_samples_scraped', 'scrape_samples_post_metric_relabeling', 'scrape_series_added']);

function cacheFor(job: object = {}): ScrapeCache {
  return new ScrapeCache(resolveTargets(jobOf({ static_configs: [{ targets: ['host:9100'] }], ...job })).targets[0]!);
}

/** Series as `name{labels}` → [timestamp, value | 'stale'], in write order. */
function view(data: SamplesData, withReport = false): Record<string, [number, number | 'stale']> {
  const out: Record<string, [number, number | 'stale']> = {};
  for (const s of data.series) {
    const { __name__: name, ...rest } = labelsToRecord(s.labels);
    if (!withReport && REPORT.has(name!)) continue;
    const key = `${name}${JSON.stringify(rest)}`;
    const value = s.values[0]!;
    out[key] = [s.timestampsMs[0]!, isStaleNaN(value) ? 'stale' : value];
  }
  return out;
}

/** One scrape through the cache as the scrape loop does it; `undefined` is a failed request. */
function scrape(cache: ScrapeCache, body: string | undefined, timestampMs: number, format: ExpositionFormat = 'prometheus-text') {
  let out = new SamplesBuilder();
  const outcome = body === undefined ? undefined : cache.append(body, format, timestampMs, out);
  const failed = outcome === undefined || !outcome.ok;
  if (failed) {
    out = new SamplesBuilder();
    cache.appendFailure(timestampMs, out);
  }
  const counts = outcome?.counts ?? { scraped: 0, kept: 0, added: 0 };
  cache.appendReport({ up: !failed, durationSeconds: 0.5, ...counts }, timestampMs, out);
  return { data: out.build(), outcome };
}

const TARGET = '"instance":"host:9100","job":"node"';

describe('ScrapeCache', () => {
  it('attaches target labels, writes at the scrape time and adds the synthetic series', () => {
    const { data } = scrape(cacheFor(), 'a_total{path="/"} 3\nb 1.5\n', T1);
    expect(view(data, true)).toEqual({
      [`a_total{"instance":"host:9100","job":"node","path":"/"}`]: [T1, 3],
      [`b{${TARGET}}`]: [T1, 1.5],
      [`up{${TARGET}}`]: [T1, 1],
      [`scrape_duration_seconds{${TARGET}}`]: [T1, 0.5],
      [`scrape_samples_scraped{${TARGET}}`]: [T1, 2],
      [`scrape_samples_post_metric_relabeling{${TARGET}}`]: [T1, 2],
      [`scrape_series_added{${TARGET}}`]: [T1, 2],
    });
  });

  it('marks a series stale when a scrape no longer has it, and counts only new series as added', () => {
    const cache = cacheFor();
    scrape(cache, 'a 1\nb 1\n', T1);
    const { data } = scrape(cache, 'a 2\nc 1\n', T2);
    expect(view(data)).toEqual({ [`a{${TARGET}}`]: [T2, 2], [`c{${TARGET}}`]: [T2, 1], [`b{${TARGET}}`]: [T2, 'stale'] });
    expect(view(data, true)[`scrape_series_added{${TARGET}}`]).toEqual([T2, 1]);
    const third = scrape(cache, 'a 3\nc 1\n', T3);
    expect(view(third.data)).toEqual({ [`a{${TARGET}}`]: [T3, 3], [`c{${TARGET}}`]: [T3, 1] });
  });

  it('marks every series stale when the target fails, and does not mark them again after', () => {
    const cache = cacheFor();
    scrape(cache, 'a 1\nb 1\n', T1);
    const failed = scrape(cache, undefined, T2);
    expect(view(failed.data, true)).toMatchObject({ [`a{${TARGET}}`]: [T2, 'stale'], [`b{${TARGET}}`]: [T2, 'stale'], [`up{${TARGET}}`]: [T2, 0] });
    const back = scrape(cache, 'a 5\n', T3);
    expect(view(back.data)).toEqual({ [`a{${TARGET}}`]: [T3, 5] });
  });

  it('marks series and synthetic series stale at the end of the run', () => {
    const cache = cacheFor();
    scrape(cache, 'a 1\n', T1);
    const out = new SamplesBuilder();
    cache.appendEndOfRun(T2, out);
    const stale = view(out.build(), true);
    expect(Object.keys(stale).sort()).toEqual([`a{${TARGET}}`, ...[...REPORT].map((n) => `${n}{${TARGET}}`)].sort());
    expect(Object.values(stale).every(([ts, v]) => ts === T2 && v === 'stale')).toBe(true);
  });

  it('without honor_labels moves conflicting exposed labels to exported_*, adding prefixes while the name is taken', () => {
    // As Prometheus' scrape_test "Label name collision with exported_": the exposed exported_job stays.
    const { data } = scrape(cacheFor(), 'a{job="pushed",exported_job="older",instance="x"} 1\n', T1);
    expect(Object.keys(view(data))).toEqual([`a{"exported_exported_job":"pushed","exported_instance":"x","exported_job":"older","instance":"host:9100","job":"node"}`]);
  });

  it('with honor_labels keeps exposed labels and adds the target labels they lack', () => {
    const { data } = scrape(cacheFor({ honor_labels: true }), 'a{job="pushed"} 1\n', T1);
    expect(Object.keys(view(data))).toEqual([`a{"instance":"host:9100","job":"pushed"}`]);
  });

  it('writes exposed timestamps and never marks those series stale; honor_timestamps: false ignores them', () => {
    const cache = cacheFor();
    expect(view(scrape(cache, 'a 1 1600000000000\nb 1\n', T1).data)).toEqual({ [`a{${TARGET}}`]: [1600000000000, 1], [`b{${TARGET}}`]: [T1, 1] });
    expect(view(scrape(cache, '', T2).data)).toEqual({ [`b{${TARGET}}`]: [T2, 'stale'] });
    expect(view(scrape(cacheFor({ honor_timestamps: false }), 'a 1 1600000000000\n', T1).data)).toEqual({ [`a{${TARGET}}`]: [T1, 1] });
  });

  it('applies metric_relabel_configs after the target labels and counts what it keeps', () => {
    const cache = cacheFor({
      metric_relabel_configs: [
        { source_labels: ['__name__'], regex: 'go_.*', action: 'drop' },
        { source_labels: ['job'], target_label: 'scraped_by' },
      ],
    });
    const { data, outcome } = scrape(cache, 'go_goroutines 7\nhttp_requests_total 3\n', T1);
    expect(view(data)).toEqual({ [`http_requests_total{"instance":"host:9100","job":"node","scraped_by":"node"}`]: [T1, 3] });
    expect(outcome?.counts).toEqual({ scraped: 2, kept: 1, added: 1 });
  });

  it('keeps the first sample of a series exposed twice', () => {
    const { data, outcome } = scrape(cacheFor(), 'a{x="1"} 1\na{x="1"} 2\n', T1);
    expect(view(data)).toEqual({ [`a{"instance":"host:9100","job":"node","x":"1"}`]: [T1, 1] });
    expect(outcome?.counts.kept).toBe(1);
  });

  it('fails the scrape past sample_limit, marking the previous series stale', () => {
    const cache = cacheFor({ sample_limit: 2 });
    scrape(cache, 'a 1\n', T1);
    const { data, outcome } = scrape(cache, 'a 1\nb 1\nc 1\n', T2);
    expect(outcome).toMatchObject({ ok: false, error: 'sample_limit exceeded: 3 samples after metric relabeling, the limit is 2' });
    expect(view(data, true)).toMatchObject({ [`a{${TARGET}}`]: [T2, 'stale'], [`up{${TARGET}}`]: [T2, 0] });
  });

  it('fails the scrape when metric relabeling removes the metric name', () => {
    const { outcome } = scrape(cacheFor({ metric_relabel_configs: [{ regex: '__name__', action: 'labeldrop' }] }), 'a 1\n', T1);
    expect(outcome).toMatchObject({ ok: false, error: 'series "a" has no metric name (__name__) after metric relabeling' });
  });

  it('turns OpenMetrics exemplars into exemplars with trace context, written once until they change', () => {
    const cache = cacheFor();
    const body = (v: number) => `# TYPE rpc_seconds histogram\nrpc_seconds_bucket{le="1"} ${v} # {trace_id="4bf92f3577b34da6a3ce929d0e0e4736",span_id="00f067aa0ba902b7",user="u1"} 0.42\nrpc_seconds_count ${v}\n# EOF\n`;
    const first = scrape(cache, body(1), T1, 'openmetrics-text').data.exemplars;
    expect(first.map((e) => ({ series: labelsToRecord(e.seriesLabels), labels: e.labels, traceId: e.traceId && toHex(e.traceId), spanId: e.spanId && toHex(e.spanId), ts: e.timestampMs, value: e.value }))).toEqual([
      {
        series: { __name__: 'rpc_seconds_bucket', instance: 'host:9100', job: 'node', le: '1' },
        labels: [{ name: 'user', value: 'u1' }],
        traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
        spanId: '00f067aa0ba902b7',
        ts: T1,
        value: 0.42,
      },
    ]);
    // The same exemplar exposed again (its time is the sample's, so it moves): Prometheus' exemplar storage would refuse only identical ones.
    const exposedAgain = (cache2: ScrapeCache) => scrape(cache2, body(2).replace(' 0.42', ' 0.42 1700000000.5'), T2, 'openmetrics-text').data.exemplars.length;
    expect(exposedAgain(cache)).toBe(1);
    expect(exposedAgain(cache)).toBe(0);
  });

  it('writes metadata on the first scrape and when it changes', () => {
    const cache = cacheFor();
    const meta = (help: string) => `# HELP a ${help}\n# TYPE a gauge\na 1\n`;
    expect(scrape(cache, meta('first'), T1).data.metadata).toEqual([{ metricFamilyName: 'a', type: 'gauge', help: 'first', unit: '' }]);
    expect(scrape(cache, meta('first'), T2).data.metadata).toEqual([]);
    expect(scrape(cache, meta('second'), T3).data.metadata).toEqual([{ metricFamilyName: 'a', type: 'gauge', help: 'second', unit: '' }]);
  });

  it('fails the scrape on a malformed body, naming the line', () => {
    const cache = cacheFor();
    scrape(cache, 'a 1\n', T1);
    const { data, outcome } = scrape(cache, 'a 1\nb{x="1",x="2"} 1\n', T2);
    expect(outcome).toMatchObject({ ok: false, error: 'invalid prometheus-text body, line 2: label name "x" is repeated' });
    expect(view(data)).toEqual({ [`a{${TARGET}}`]: [T2, 'stale'] });
  });

  it('reads series it already knows without parsing their labels again, and forgets the ones gone', () => {
    const cache = cacheFor();
    scrape(cache, 'a{x="1"} 1\n', T1);
    // Same text, same series: the cached labels are used.
    expect(view(scrape(cache, 'a{x="1"} 2\n', T2).data)).toEqual({ [`a{"instance":"host:9100","job":"node","x":"1"}`]: [T2, 2] });
    // Another text for the same labels is the same series, not a new one.
    const reordered = scrape(cache, 'a{ x="1" } 3\n', T3);
    expect(view(reordered.data)).toEqual({ [`a{"instance":"host:9100","job":"node","x":"1"}`]: [T3, 3] });
    expect(reordered.outcome?.counts.added).toBe(0);
  });

  it('hands its series over to a cache for a changed job, which marks stale only what it no longer writes', () => {
    const cache = cacheFor();
    scrape(cache, 'a 1\nb 1\n', T1);
    const next = cache.handOver(resolveTargets(jobOf({ static_configs: [{ targets: ['host:9100'] }], metric_relabel_configs: [{ source_labels: ['__name__'], regex: 'b', action: 'drop' }] })).targets[0]!);
    const { data, outcome } = scrape(next, 'a 2\nb 2\n', T2);
    expect(view(data)).toEqual({ [`a{${TARGET}}`]: [T2, 2], [`b{${TARGET}}`]: [T2, 'stale'] });
    expect(outcome?.counts).toEqual({ scraped: 2, kept: 1, added: 0 });
  });
});
