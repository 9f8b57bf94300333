import { describe, expect, it } from 'vitest';
import { anyValueToText, toHex, type SpanId, type TenantId } from '@braid/model';
import type { Store } from '../store.js';
import type { WriteBatch } from '../write-batch.js';
import type { StoreHarness } from './index.js';
import {
  TENANT_A,
  TENANT_B,
  exemplar,
  logRecord,
  logsItem,
  metadata,
  resource,
  resourceLogs,
  resourceSpans,
  samplesItem,
  series,
  span,
  spanId,
  tenant,
  traceId,
  tracesItem,
} from './fixtures.js';
import { flattenTrace, seriesNames } from './normalize.js';

/** A tenant that wrote nothing. */
const TENANT_C = tenant('initech');

const UP = { __name__: 'up', job: 'api' };

/** Tenants A and B write under the same trace id, stream and series labels; B has one series more. */
const BATCH: WriteBatch = [
  tracesItem(TENANT_A, resourceSpans(resource('checkout'), [span(1, 1, 0, 10)])),
  tracesItem(TENANT_B, resourceSpans(resource('checkout'), [span(1, 2, 0, 10)])),
  logsItem(TENANT_A, resourceLogs(resource('checkout'), [logRecord('a', 0, { traceId: traceId(1), spanId: spanId(1) })])),
  logsItem(TENANT_B, resourceLogs(resource('checkout'), [logRecord('b', 0, { traceId: traceId(1), spanId: spanId(2) })])),
  samplesItem(TENANT_A, {
    series: [series(UP, [[1000, 1]])],
    exemplars: [exemplar(UP, 1000, 1, { trace: 1, id: 1 })],
    metadata: [metadata('up', 'gauge', 'A help')],
  }),
  samplesItem(TENANT_B, {
    series: [series(UP, [[1000, 2]]), series({ __name__: 'up', job: 'b-only', zone: 'z' }, [[1000, 3]])],
    exemplars: [exemplar(UP, 1000, 2, { trace: 1, id: 2 })],
    metadata: [metadata('up', 'counter', 'B help')],
  }),
];

const lastByte = (id: SpanId | undefined) => (id === undefined ? '' : toHex(id).slice(-2));
const ALL = { startMs: 0, endMs: 10_000 };
const matchers = [{ name: '__name__', op: '=', value: 'up' }] as const;

/** Every read, its view of tenant A's data and of tenant B's; a tenant that wrote nothing reads []. */
const READS: readonly [string, (store: Store, owner: TenantId) => Promise<unknown[]>, unknown[], unknown[]][] = [
  ['getTrace', async (s, t) => flattenTrace(await s.getTrace(t, traceId(1))).map((r) => lastByte(r.span.spanId)), ['01'], ['02']],
  ['searchSpans', async (s, t) => (await s.searchSpans(t, { limit: 10 })).map((r) => lastByte(r.span.spanId)), ['01'], ['02']],
  ['searchSpans by trace', async (s, t) => (await s.searchSpans(t, { traceId: traceId(1), limit: 10 })).map((r) => lastByte(r.span.spanId)), ['01'], ['02']],
  ['searchSpans by service', async (s, t) => (await s.searchSpans(t, { serviceName: 'checkout', limit: 10 })).map((r) => lastByte(r.span.spanId)), ['01'], ['02']],
  ['searchLogs', async (s, t) => (await s.searchLogs(t, { limit: 10, direction: 'forward' })).map((e) => anyValueToText(e.record.body)), ['a'], ['b']],
  [
    'searchLogs by stream and trace',
    async (s, t) =>
      (await s.searchLogs(t, { matchers: [{ name: 'service_name', op: '=', value: 'checkout' }], traceId: traceId(1), limit: 10, direction: 'backward' })).map((e) =>
        anyValueToText(e.record.body),
      ),
    ['a'],
    ['b'],
  ],
  ['selectSeries', async (s, t) => seriesNames(await s.selectSeries(t, { matchers, ...ALL })), ['up{job="api"}'], ['up{job="api"}', 'up{job="b-only",zone="z"}']],
  [
    'readSamples',
    async (s, t) => (await s.readSamples(t, { matchers: [{ name: 'job', op: '=', value: 'api' }], ...ALL })).map((x) => Array.from(x.values)),
    [[1]],
    [[2]],
  ],
  ['readExemplars', async (s, t) => (await s.readExemplars(t, { matchers, ...ALL })).map((e) => [e.value, lastByte(e.spanId)]), [[1, '01']], [[2, '02']]],
  ['labelNames', (s, t) => s.labelNames(t, ALL), ['__name__', 'job'], ['__name__', 'job', 'zone']],
  ['labelValues', (s, t) => s.labelValues(t, 'job', ALL), ['api'], ['api', 'b-only']],
  ['metadata', async (s, t) => (await s.metadata(t, {})).map((m) => m.help), ['A help'], ['B help']],
];

/** Registers the tenancy cases: every read sees only its own tenant's data. */
export function tenancyCases(harness: () => StoreHarness): void {
  const store = () => harness().store;

  describe('tenancy', () => {
    it.each(READS)('%s sees only the tenant’s own data', async (_, read, ofA, ofB) => {
      await store().append(BATCH);

      expect(await read(store(), TENANT_A)).toEqual(ofA);
      expect(await read(store(), TENANT_B)).toEqual(ofB);
      expect(await read(store(), TENANT_C)).toEqual([]);
    });

    it('keeps tenants apart when they write in separate batches', async () => {
      await store().append(BATCH.filter((item) => item.tenant === TENANT_A));

      for (const [name, read, ofA] of READS) {
        expect([name, await read(store(), TENANT_A)]).toEqual([name, ofA]);
        expect([name, await read(store(), TENANT_B)]).toEqual([name, []]);
      }
    });
  });
}
