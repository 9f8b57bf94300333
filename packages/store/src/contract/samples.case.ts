import { describe, expect, it } from 'vitest';
import { isStaleNaN } from '@braid/model';
import type { LabelMatcher } from '../queries.js';
import type { StoreHarness } from './index.js';
import { STALE, TENANT_A, exemplar, samplesItem, series, type Point } from './fixtures.js';
import { seriesNames, sortExemplars, sortSeries } from './normalize.js';

const UP_A = { __name__: 'up', job: 'api', instance: 'a' };
const UP_B = { __name__: 'up', job: 'api', instance: 'b' };
const UP_DB = { __name__: 'up', job: 'db' };
const REQ_200 = { __name__: 'http_requests_total', job: 'api', code: '200' };
const REQ_500 = { __name__: 'http_requests_total', job: 'api', code: '500' };

/** Matchers → the series they select, as PromQL writes them, sorted. */
const MATCHER_TABLE: readonly [string, readonly LabelMatcher[], readonly string[]][] = [
  ['__name__ =', [{ name: '__name__', op: '=', value: 'up' }], ['up{instance="a",job="api"}', 'up{instance="b",job="api"}', 'up{job="db"}']],
  [
    'name and label',
    [
      { name: '__name__', op: '=', value: 'up' },
      { name: 'job', op: '=', value: 'api' },
    ],
    ['up{instance="a",job="api"}', 'up{instance="b",job="api"}'],
  ],
  [
    '="" selects series without the label',
    [
      { name: '__name__', op: '=', value: 'up' },
      { name: 'instance', op: '=', value: '' },
    ],
    ['up{job="db"}'],
  ],
  [
    '!="" selects series with the label',
    [
      { name: '__name__', op: '=', value: 'up' },
      { name: 'instance', op: '!=', value: '' },
    ],
    ['up{instance="a",job="api"}', 'up{instance="b",job="api"}'],
  ],
  ['!= keeps series without the label', [{ name: 'code', op: '!=', value: '500' }], ['http_requests_total{code="200",job="api"}', 'up{instance="a",job="api"}', 'up{instance="b",job="api"}', 'up{job="db"}']],
  ['=~', [{ name: 'code', op: '=~', value: '5..' }], ['http_requests_total{code="500",job="api"}']],
  ['=~ is anchored', [{ name: 'job', op: '=~', value: 'ap' }], []],
  ['=~ matching "" selects series without the label', [{ name: 'instance', op: '=~', value: 'a|' }], ['http_requests_total{code="200",job="api"}', 'http_requests_total{code="500",job="api"}', 'up{instance="a",job="api"}', 'up{job="db"}']],
  ['!~', [{ name: 'job', op: '!~', value: 'api' }], ['up{job="db"}']],
  ['!~ is anchored', [{ name: 'job', op: '!~', value: 'a' }], ['http_requests_total{code="200",job="api"}', 'http_requests_total{code="500",job="api"}', 'up{instance="a",job="api"}', 'up{instance="b",job="api"}', 'up{job="db"}']],
  ['__name__ =~', [{ name: '__name__', op: '=~', value: 'http_.*' }], ['http_requests_total{code="200",job="api"}', 'http_requests_total{code="500",job="api"}']],
  ['__name__ !~', [{ name: '__name__', op: '!~', value: 'http_.*' }, { name: 'job', op: '=~', value: '.+' }], ['up{instance="a",job="api"}', 'up{instance="b",job="api"}', 'up{job="db"}']],
  ['no series matches', [{ name: '__name__', op: '=', value: 'nope' }], []],
];

const ALL_UP: LabelMatcher[] = [{ name: '__name__', op: '=', value: 'up' }];

/** Registers the sample cases: readSamples, selectSeries, readExemplars. */
export function sampleCases(harness: () => StoreHarness): void {
  const store = () => harness().store;
  const write = (...list: ReturnType<typeof series>[]) => store().append([samplesItem(TENANT_A, { series: list })]);
  const read = async (matchers: readonly LabelMatcher[], startMs = 0, endMs = 1e13, limit?: number) =>
    sortSeries(await store().readSamples(TENANT_A, { matchers, startMs, endMs, limit }));

  describe('readSamples', () => {
    it('returns the samples of the range, both ends inclusive, ascending', async () => {
      await write(series(UP_A, [[3000, 3], [1000, 1], [2000, 2], [4000, 4]]));

      expect(await read(ALL_UP, 2000, 3000)).toEqual([series(UP_A, [[2000, 2], [3000, 3]])]);
      expect(await read(ALL_UP, 0, 5000)).toEqual([series(UP_A, [[1000, 1], [2000, 2], [3000, 3], [4000, 4]])]);
    });

    it('leaves out series without samples in the range', async () => {
      await write(series(UP_A, [[1000, 1]]), series(UP_B, [[5000, 5]]));

      expect(await read(ALL_UP, 0, 2000)).toEqual([series(UP_A, [[1000, 1]])]);
      expect(await read(ALL_UP, 6000, 7000)).toEqual([]);
    });

    it('merges appends of one series', async () => {
      await write(series(UP_A, [[1000, 1], [3000, 3]]));
      await write(series(UP_A, [[2000, 2], [4000, 4]]));

      expect(await read(ALL_UP)).toEqual([series(UP_A, [[1000, 1], [2000, 2], [3000, 3], [4000, 4]])]);
    });

    it('keeps one sample per timestamp, the value written last', async () => {
      await write(series(UP_A, [[1000, 1], [2000, 2]]));
      await write(series(UP_A, [[2000, 20]]));
      await store().append([samplesItem(TENANT_A, { series: [series(UP_A, [[3000, 3]])] }), samplesItem(TENANT_A, { series: [series(UP_A, [[3000, 30]])] })]);

      expect(await read(ALL_UP)).toEqual([series(UP_A, [[1000, 1], [2000, 20], [3000, 30]])]);
    });

    it('keeps the staleness marker bits apart from a plain NaN', async () => {
      await write(series(UP_A, [[1000, STALE], [2000, NaN], [3000, 1]]));

      const [found] = await read(ALL_UP);
      expect(Array.from(found?.timestampsMs ?? [])).toEqual([1000, 2000, 3000]);
      expect(isStaleNaN(found!.values[0]!)).toBe(true);
      expect(Number.isNaN(found!.values[1]!)).toBe(true);
      expect(isStaleNaN(found!.values[1]!)).toBe(false);
    });

    it('keeps infinities and extreme doubles', async () => {
      const points: Point[] = [[1000, Infinity], [2000, -Infinity], [3000, Number.MAX_VALUE], [4000, Number.MIN_VALUE], [5000, -1.5e-300]];
      await write(series(UP_A, points));

      expect(await read(ALL_UP)).toEqual([series(UP_A, points)]);
    });

    it('keeps millisecond timestamps before 1970 and far ahead', async () => {
      await write(series(UP_A, [[-1000, 1], [0, 2], [4_102_444_800_123, 3]]));

      expect(await read(ALL_UP, -1e13, 1e13)).toEqual([series(UP_A, [[-1000, 1], [0, 2], [4_102_444_800_123, 3]])]);
    });

    describe('selects series by matchers with Prometheus semantics', () => {
      it.each(MATCHER_TABLE)('%s', async (_, matchers, expected) => {
        await write(...[UP_A, UP_B, UP_DB, REQ_200, REQ_500].map((labels) => series(labels, [[1000, 1]])));

        const found = await read(matchers);

        expect(seriesNames(found.map((s) => s.labels))).toEqual(expected);
        expect(found.every((s) => s.values.length === 1)).toBe(true);
      });
    });

    it('caps the number of series at limit', async () => {
      await write(series(UP_A, [[1000, 1]]), series(UP_B, [[1000, 2]]), series(UP_DB, [[1000, 3]]));

      const found = await read(ALL_UP, 0, 2000, 2);

      expect(found).toHaveLength(2);
      expect([series(UP_A, [[1000, 1]]), series(UP_B, [[1000, 2]]), series(UP_DB, [[1000, 3]])]).toEqual(expect.arrayContaining(found));
    });
  });

  describe('selectSeries', () => {
    it('returns the label sets readSamples returns', async () => {
      await write(series(UP_A, [[1000, 1]]), series(UP_B, [[5000, 1]]), series(UP_DB, [[2000, 1]]), series(REQ_200, [[1000, 1]]));
      const query = { matchers: ALL_UP, startMs: 1000, endMs: 2000 };

      const selected = await store().selectSeries(TENANT_A, query);

      expect(seriesNames(selected)).toEqual(['up{instance="a",job="api"}', 'up{job="db"}']);
      expect(seriesNames(selected)).toEqual(seriesNames((await store().readSamples(TENANT_A, query)).map((s) => s.labels)));
    });

    it('caps the number of series at limit', async () => {
      await write(series(UP_A, [[1000, 1]]), series(UP_B, [[1000, 1]]), series(UP_DB, [[1000, 1]]));

      expect(await store().selectSeries(TENANT_A, { matchers: ALL_UP, startMs: 0, endMs: 2000, limit: 1 })).toHaveLength(1);
    });
  });

  describe('readExemplars', () => {
    const BUCKET = { __name__: 'http_duration_seconds_bucket', job: 'api', le: '0.5' };
    const OTHER = { __name__: 'http_duration_seconds_bucket', job: 'db', le: '0.5' };

    it('returns exemplars of matching series in the range with their labels and trace context', async () => {
      const exemplars = [
        exemplar(BUCKET, 1000, 0.42, { trace: 1, id: 1 }),
        exemplar(BUCKET, 2000, 0.37, undefined, {}),
        exemplar(BUCKET, 3000, 0.5, { trace: 2, id: 2 }, { pod: 'api-1', zone: 'b' }),
        exemplar(OTHER, 2000, 0.1, { trace: 3, id: 3 }),
      ];
      await store().append([samplesItem(TENANT_A, { series: [series(BUCKET, [[1000, 1], [2000, 2], [3000, 3]]), series(OTHER, [[2000, 1]])], exemplars })]);

      const found = await store().readExemplars(TENANT_A, { matchers: [{ name: 'job', op: '=', value: 'api' }], startMs: 1000, endMs: 2000 });
      expect(sortExemplars(found)).toEqual(exemplars.slice(0, 2));

      const all = await store().readExemplars(TENANT_A, { matchers: [{ name: '__name__', op: '=~', value: 'http_.*' }], startMs: 0, endMs: 5000 });
      expect(sortExemplars(all)).toEqual(sortExemplars(exemplars));
    });

    it('returns [] when no exemplar is in the range', async () => {
      await store().append([samplesItem(TENANT_A, { series: [series(BUCKET, [[1000, 1]])], exemplars: [exemplar(BUCKET, 1000, 1, { trace: 1, id: 1 })] })]);

      expect(await store().readExemplars(TENANT_A, { matchers: [{ name: 'job', op: '=', value: 'api' }], startMs: 1001, endMs: 5000 })).toEqual([]);
    });
  });
}
