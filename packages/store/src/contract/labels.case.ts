import { describe, expect, it } from 'vitest';
import type { LabelQuery } from '../queries.js';
import type { StoreHarness } from './index.js';
import { TENANT_A, metadata, samplesItem, series } from './fixtures.js';
import { compareText } from './normalize.js';

/** Four series; http_requests_total has samples only at 5000. */
const LABEL_SERIES = [
  series({ __name__: 'up', job: 'api', instance: 'a' }, [[1000, 1]]),
  series({ __name__: 'up', job: 'db' }, [[1000, 1], [1500, 0]]),
  series({ __name__: 'build_info', job: 'api', version: '1.0' }, [[2000, 1]]),
  series({ __name__: 'http_requests_total', job: 'api', code: '500' }, [[5000, 7]]),
];

/** [case, label name (absent: labelNames), query, expected]. */
const LABEL_TABLE: readonly [string, string | undefined, LabelQuery, readonly string[]][] = [
  ['names in range, sorted, distinct, with __name__', undefined, { startMs: 0, endMs: 2000 }, ['__name__', 'instance', 'job', 'version']],
  ['names over the whole range', undefined, { startMs: 0, endMs: 6000 }, ['__name__', 'code', 'instance', 'job', 'version']],
  ['names, range inclusive at both ends', undefined, { startMs: 2000, endMs: 5000 }, ['__name__', 'code', 'job', 'version']],
  ['names of matching series', undefined, { startMs: 0, endMs: 6000, matchers: [{ name: '__name__', op: '=', value: 'up' }] }, ['__name__', 'instance', 'job']],
  ['names, matcher on an absent label', undefined, { startMs: 0, endMs: 6000, matchers: [{ name: 'instance', op: '=', value: '' }] }, ['__name__', 'code', 'job', 'version']],
  ['names limited, first in order', undefined, { startMs: 0, endMs: 6000, limit: 2 }, ['__name__', 'code']],
  ['names of an empty range', undefined, { startMs: 3000, endMs: 4000 }, []],
  ['values in range, sorted, distinct', 'job', { startMs: 0, endMs: 2000 }, ['api', 'db']],
  ['values of __name__', '__name__', { startMs: 0, endMs: 6000 }, ['build_info', 'http_requests_total', 'up']],
  ['values of a label only outside the range', 'code', { startMs: 0, endMs: 2000 }, []],
  ['values, range inclusive at both ends', 'code', { startMs: 5000, endMs: 5000 }, ['500']],
  ['values of matching series', 'job', { startMs: 0, endMs: 6000, matchers: [{ name: '__name__', op: '=~', value: 'up|build_info' }] }, ['api', 'db']],
  ['values of a label the matching series lack', 'instance', { startMs: 0, endMs: 6000, matchers: [{ name: 'job', op: '=', value: 'db' }] }, []],
  ['values limited, first in order', '__name__', { startMs: 0, endMs: 6000, limit: 1 }, ['build_info']],
  ['values of an unknown label', 'nope', { startMs: 0, endMs: 6000 }, []],
];

/** Registers the label cases: labelNames, labelValues, metadata. */
export function labelCases(harness: () => StoreHarness): void {
  const store = () => harness().store;

  describe('labelNames and labelValues', () => {
    it.each(LABEL_TABLE)('%s', async (_, name, query, expected) => {
      await store().append([samplesItem(TENANT_A, { series: LABEL_SERIES.slice(0, 2) })]);
      await store().append([samplesItem(TENANT_A, { series: LABEL_SERIES.slice(2) })]);

      const found = name === undefined ? await store().labelNames(TENANT_A, query) : await store().labelValues(TENANT_A, name, query);

      expect(found).toEqual(expected);
    });
  });

  describe('metadata', () => {
    const UP_OLD = metadata('up', 'unknown', 'old help');
    const UP = metadata('up', 'gauge', 'Whether the target is up.');
    const REQUESTS = metadata('http_requests_total', 'counter', 'Requests served.', 'requests');
    const writeMetadata = async () => {
      await store().append([samplesItem(TENANT_A, { metadata: [UP_OLD, REQUESTS] })]);
      await store().append([samplesItem(TENANT_A, { metadata: [UP] })]);
    };
    const byName = <T extends { metricFamilyName: string }>(list: readonly T[]) => [...list].sort((a, b) => compareText(a.metricFamilyName, b.metricFamilyName));

    it('keeps one entry per family, the latest written', async () => {
      await writeMetadata();

      expect(byName(await store().metadata(TENANT_A, {}))).toEqual([REQUESTS, UP]);
    });

    it('filters by family', async () => {
      await writeMetadata();

      expect(await store().metadata(TENANT_A, { metric: 'up' })).toEqual([UP]);
      expect(await store().metadata(TENANT_A, { metric: 'nope' })).toEqual([]);
    });

    it('caps the number of families at limit', async () => {
      await writeMetadata();

      const found = await store().metadata(TENANT_A, { limit: 1 });

      expect(found).toHaveLength(1);
      expect([REQUESTS, UP]).toEqual(expect.arrayContaining(found));
    });

    it('returns [] on an empty store', async () => {
      expect(await store().metadata(TENANT_A, {})).toEqual([]);
    });
  });
}
