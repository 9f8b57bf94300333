import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TENANT, labelsFromRecord, type SeriesSamples } from '@braid/model';
import { startTestBraid, type BraidHarness } from './support/braid-harness.js';

// The examples of Prometheus' HTTP API documentation
// (https://prometheus.io/docs/prometheus/latest/querying/api/), replayed against braid with the
// same data, compared with the documented responses. Labels come back sorted by name, as a real
// Prometheus writes them (the documentation's hand-written JSON does not always sort them).

const T = Date.parse('2015-07-01T20:10:51.781Z');

function series(labels: Record<string, string>, points: [number, number][]): SeriesSamples {
  return { labels: labelsFromRecord(labels), timestampsMs: Float64Array.from(points, (p) => p[0]), values: Float64Array.from(points, (p) => p[1]) };
}

/** Scraped every 15 s from 2015-07-01T20:09:30.781Z on. */
const every15s = (value: number): [number, number][] => Array.from({ length: 10 }, (_, i) => [T - 81_000 + i * 15_000, value]);

let harness: BraidHarness;

beforeAll(async () => {
  harness = await startTestBraid();
  await harness.braid.store.append([
    {
      kind: 'samples',
      tenant: DEFAULT_TENANT,
      data: {
        series: [
          series({ __name__: 'up', job: 'prometheus', instance: 'localhost:9090' }, every15s(1)),
          series({ __name__: 'up', job: 'node', instance: 'localhost:9100' }, every15s(0)),
          series({ __name__: 'process_start_time_seconds', job: 'prometheus', instance: 'localhost:9090' }, every15s(1435781000)),
          series({ __name__: 'test_exemplar_metric_total', instance: 'localhost:8090', job: 'prometheus', service: 'bar' }, [[1600096945479, 6]]),
        ],
        exemplars: [
          {
            seriesLabels: labelsFromRecord({ __name__: 'test_exemplar_metric_total', instance: 'localhost:8090', job: 'prometheus', service: 'bar' }),
            labels: [],
            traceId: Uint8Array.from(Buffer.from('00000000000000000000000000004c4f', 'hex')) as never,
            spanId: undefined,
            timestampMs: 1600096945479,
            value: 6,
          },
        ],
        metadata: [{ metricFamilyName: 'http_requests_total', type: 'counter', help: 'Number of HTTP requests', unit: '' }],
      },
    },
  ]);
});
afterAll(async () => harness?.dispose());

async function get(path: string): Promise<{ status: number; text: string; json: any }> {
  const response = await fetch(`${harness.httpUrl}${path}`);
  const text = await response.text();
  return { status: response.status, text, json: JSON.parse(text) };
}

describe('Prometheus HTTP API, documented examples', () => {
  it('instant query', async () => {
    const { status, json, text } = await get('/api/v1/query?query=up&time=2015-07-01T20:10:51.781Z');
    expect(status).toBe(200);
    expect(json.status).toBe('success');
    expect(json.data.resultType).toBe('vector');
    expect(json.data.result).toEqual(
      expect.arrayContaining([
        { metric: { __name__: 'up', job: 'prometheus', instance: 'localhost:9090' }, value: [1435781451.781, '1'] },
        { metric: { __name__: 'up', job: 'node', instance: 'localhost:9100' }, value: [1435781451.781, '0'] },
      ]),
    );
    expect(json.data.result).toHaveLength(2);
    expect(text).toContain('{"metric":{"__name__":"up","instance":"localhost:9090","job":"prometheus"},"value":[1435781451.781,"1"]}');
  });

  it('range query', async () => {
    const { status, json } = await get('/api/v1/query_range?query=up&start=2015-07-01T20:10:30.781Z&end=2015-07-01T20:11:00.781Z&step=15s');
    expect(status).toBe(200);
    expect(json.data).toEqual({
      resultType: 'matrix',
      result: [
        { metric: { __name__: 'up', instance: 'localhost:9090', job: 'prometheus' }, values: [[1435781430.781, '1'], [1435781445.781, '1'], [1435781460.781, '1']] },
        { metric: { __name__: 'up', instance: 'localhost:9100', job: 'node' }, values: [[1435781430.781, '0'], [1435781445.781, '0'], [1435781460.781, '0']] },
      ],
    });
  });

  // Sorted by labels (the documentation lists them unsorted; Prometheus returns them sorted).
  it('series by match[]', async () => {
    const { json } = await get('/api/v1/series?match[]=up&match[]=process_start_time_seconds{job="prometheus"}');
    expect(json).toEqual({
      status: 'success',
      data: [
        { __name__: 'process_start_time_seconds', job: 'prometheus', instance: 'localhost:9090' },
        { __name__: 'up', job: 'prometheus', instance: 'localhost:9090' },
        { __name__: 'up', job: 'node', instance: 'localhost:9100' },
      ],
    });
  });

  it('label names and values', async () => {
    expect((await get('/api/v1/labels')).json).toEqual({ status: 'success', data: ['__name__', 'instance', 'job', 'service'] });
    expect((await get('/api/v1/label/job/values')).json).toEqual({ status: 'success', data: ['node', 'prometheus'] });
  });

  it('exemplars', async () => {
    const { json } = await get('/api/v1/query_exemplars?query=test_exemplar_metric_total&start=2020-09-14T15:22:25.479Z&end=2020-09-14T15:23:25.479Z');
    expect(json).toEqual({
      status: 'success',
      data: [
        {
          seriesLabels: { __name__: 'test_exemplar_metric_total', instance: 'localhost:8090', job: 'prometheus', service: 'bar' },
          exemplars: [{ labels: { trace_id: '00000000000000000000000000004c4f' }, value: '6', timestamp: 1600096945.479 }],
        },
      ],
    });
  });

  it('metadata', async () => {
    expect((await get('/api/v1/metadata?metric=http_requests_total')).json).toEqual({
      status: 'success',
      data: { http_requests_total: [{ type: 'counter', help: 'Number of HTTP requests', unit: '' }] },
    });
  });

  it('format_query', async () => {
    expect((await get('/api/v1/format_query?query=foo/bar')).json).toEqual({ status: 'success', data: 'foo / bar' });
  });

  it('buildinfo', async () => {
    const { json } = await get('/api/v1/status/buildinfo');
    expect(json.status).toBe('success');
    expect(Object.keys(json.data).sort()).toEqual(['branch', 'buildDate', 'buildUser', 'goVersion', 'revision', 'version']);
  });
});

describe('Prometheus HTTP API, forms and prefixes', () => {
  it('takes POST form bodies', async () => {
    const response = await fetch(`${harness.httpUrl}/api/v1/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'query=sum(up)&time=1435781451.781',
    });
    expect(await response.json()).toEqual({ status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [1435781451.781, '1'] }] } });
  });

  it('serves under /prometheus', async () => {
    const { json } = await get('/prometheus/api/v1/query?query=count(up)&time=1435781451.781');
    expect(json.data.result).toEqual([{ metric: {}, value: [1435781451.781, '2'] }]);
  });

  it('answers scalars and strings', async () => {
    expect((await get('/api/v1/query?query=1%2B1&time=1435781451.781')).json.data).toEqual({ resultType: 'scalar', result: [1435781451.781, '2'] });
    expect((await get('/api/v1/query?query="hi"&time=10')).json.data).toEqual({ resultType: 'string', result: [10, 'hi'] });
  });

  it('keeps tenants apart', async () => {
    const response = await fetch(`${harness.httpUrl}/api/v1/query?query=up&time=1435781451.781`, { headers: { 'X-Scope-OrgID': 'other' } });
    expect((await response.json()).data.result).toEqual([]);
  });
});

describe('Prometheus HTTP API errors', () => {
  it.each([
    ['/api/v1/query', 400, 'bad_data', 'invalid parameter "query"'],
    ['/api/v1/query?query=sum(', 400, 'bad_data', 'invalid parameter "query"'],
    ['/api/v1/query?query=up&time=yesterday', 400, 'bad_data', 'invalid parameter "time": cannot parse "yesterday" to a valid timestamp'],
    ['/api/v1/query_range?query=up&start=10&end=20&step=0', 400, 'bad_data', 'zero or negative query resolution step widths are not accepted'],
    ['/api/v1/query_range?query=up&start=20&end=10&step=1', 400, 'bad_data', 'end timestamp must not be before start time'],
    ['/api/v1/query_range?query=up&start=0&end=100000&step=1', 400, 'bad_data', 'exceeded maximum resolution of 11,000 points'],
    ['/api/v1/query_range?query=up[5m]&start=10&end=20&step=1', 400, 'bad_data', 'invalid expression type "range vector" for range query'],
    ['/api/v1/series', 400, 'bad_data', 'no match[] parameter provided'],
    ['/api/v1/series?match[]=sum(up)', 400, 'bad_data', 'invalid parameter "match[]"'],
  ])('%s → %i %s', async (path, status, errorType, message) => {
    const response = await get(path);
    expect(response.status).toBe(status);
    expect(response.json.status).toBe('error');
    expect(response.json.errorType).toBe(errorType);
    expect(response.json.error).toContain(message);
  });

  it('answers 422 execution errors', async () => {
    const response = await get('/api/v1/query?query=up%20%2B%20on()%20up&time=1435781451.781');
    expect(response.status).toBe(422);
    expect(response.json).toMatchObject({ status: 'error', errorType: 'execution' });
    expect(response.json.error).toContain('many-to-many matching not allowed');
  });
});
