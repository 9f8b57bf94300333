import { describe, expect, it } from 'vitest';
import { NO_TIME, isStaleNaN, type TenantId } from '@braid/model';
import type { Store } from '../store.js';
import type { WriteBatch } from '../write-batch.js';
import type { StoreHarness } from './index.js';
import {
  STALE,
  TENANT_A,
  TENANT_B,
  at,
  exemplar,
  logEntry,
  logRecord,
  logsItem,
  metadata,
  resource,
  resourceLogs,
  resourceSpans,
  richSpan,
  samplesItem,
  series,
  span,
  spanId,
  spanRecord,
  traceId,
  tracesItem,
} from './fixtures.js';
import { compareText, flattenTrace, seriesNames, sortExemplars, sortSeries } from './normalize.js';

const CHECKOUT = resource('checkout');
const PAYMENTS = resource('payments');
const UP = { __name__: 'up', job: 'api' };
const REQUESTS = { __name__: 'http_requests_total', job: 'api', code: '200' };
const ANY_SERIES = [{ name: '__name__', op: '=~', value: '.+' }] as const;
const ALL_TIME = { startMs: -1e13, endMs: 1e13 };

const A = {
  spans: [richSpan(1, 1, 0), span(1, 2, 10, 5, { parentSpanId: undefined })],
  logs: [logRecord('a1', 0, { traceId: traceId(1), spanId: spanId(1) }), logRecord('a2', 5, { timeUnixNano: NO_TIME, observedTimeUnixNano: at(5) })],
  series: [series(UP, [[1000, 1], [2000, 2]]), series(REQUESTS, [[1000, 10]])],
  exemplars: [exemplar(UP, 1000, 1, { trace: 1, id: 1 }), exemplar(REQUESTS, 1000, 10, undefined, {})],
  metadata: [metadata('up', 'gauge', 'Up.'), metadata('http_requests_total', 'counter', 'Requests.', 'requests')],
};
const B = {
  spans: [span(1, 3, 20, 5)],
  logs: [logRecord('b1', 1)],
  series: [series({ __name__: 'queue_depth', shard: '7' }, [[1500, 42]])],
  exemplars: [],
  metadata: [metadata('queue_depth', 'gauge', 'Depth.')],
};

/** One batch of every kind for two tenants. */
const MIXED_BATCH: WriteBatch = [
  tracesItem(TENANT_A, resourceSpans(CHECKOUT, A.spans.slice(0, 1))),
  logsItem(TENANT_A, resourceLogs(CHECKOUT, A.logs)),
  samplesItem(TENANT_A, { series: A.series, exemplars: A.exemplars, metadata: A.metadata }),
  tracesItem(TENANT_B, resourceSpans(PAYMENTS, B.spans)),
  tracesItem(TENANT_A, resourceSpans(CHECKOUT, A.spans.slice(1))),
  logsItem(TENANT_B, resourceLogs(PAYMENTS, B.logs)),
  samplesItem(TENANT_B, { series: B.series, metadata: B.metadata }),
];

/** What every read returns for one tenant, in an order-insensitive form where the port leaves order open. */
async function snapshot(store: Store, owner: TenantId) {
  return {
    trace: flattenTrace(await store.getTrace(owner, traceId(1))),
    spans: await store.searchSpans(owner, { limit: 100 }),
    logs: await store.searchLogs(owner, { limit: 100, direction: 'forward' }),
    samples: sortSeries(await store.readSamples(owner, { matchers: ANY_SERIES, ...ALL_TIME })),
    series: seriesNames(await store.selectSeries(owner, { matchers: ANY_SERIES, ...ALL_TIME })),
    exemplars: sortExemplars(await store.readExemplars(owner, { matchers: ANY_SERIES, ...ALL_TIME })),
    labelNames: await store.labelNames(owner, ALL_TIME),
    names: await store.labelValues(owner, '__name__', ALL_TIME),
    metadata: [...(await store.metadata(owner, {}))].sort((a, b) => compareText(a.metricFamilyName, b.metricFamilyName)),
  };
}

const EXPECTED_A = {
  trace: A.spans.map((s) => spanRecord(CHECKOUT, s)),
  spans: [spanRecord(CHECKOUT, A.spans[1]!), spanRecord(CHECKOUT, A.spans[0]!)],
  logs: A.logs.map((r) => logEntry(CHECKOUT, r)),
  samples: sortSeries(A.series),
  series: ['http_requests_total{code="200",job="api"}', 'up{job="api"}'],
  exemplars: sortExemplars(A.exemplars),
  labelNames: ['__name__', 'code', 'job'],
  names: ['http_requests_total', 'up'],
  metadata: [A.metadata[1], A.metadata[0]],
};
const EXPECTED_B = {
  trace: [spanRecord(PAYMENTS, B.spans[0]!)],
  spans: [spanRecord(PAYMENTS, B.spans[0]!)],
  logs: [logEntry(PAYMENTS, B.logs[0]!)],
  samples: B.series,
  series: ['queue_depth{shard="7"}'],
  exemplars: [],
  labelNames: ['__name__', 'shard'],
  names: ['queue_depth'],
  metadata: B.metadata,
};
const EMPTY = { trace: [], spans: [], logs: [], samples: [], series: [], exemplars: [], labelNames: [], names: [], metadata: [] };

/** Registers the durability cases: atomic visible batches, and data surviving a reopen. */
export function durabilityCases(harness: () => StoreHarness): void {
  const store = () => harness().store;

  describe('durability', () => {
    it('a fresh store answers every read with nothing', async () => {
      expect(await snapshot(store(), TENANT_A)).toEqual(EMPTY);
    });

    it('an empty batch resolves and writes nothing', async () => {
      await store().append([]);

      expect(await snapshot(store(), TENANT_A)).toEqual(EMPTY);
    });

    it('a batch of every kind and tenant is wholly visible once append resolves', async () => {
      await store().append(MIXED_BATCH);

      expect(await snapshot(store(), TENANT_A)).toEqual(EXPECTED_A);
      expect(await snapshot(store(), TENANT_B)).toEqual(EXPECTED_B);
    });

    it('concurrent appends all land', async () => {
      await Promise.all(Array.from({ length: 8 }, (_, i) => store().append([tracesItem(TENANT_A, resourceSpans(CHECKOUT, [span(1, i + 1, i, 1)])), samplesItem(TENANT_A, { series: [series(UP, [[1000 * (i + 1), i]])] })])));

      const { trace, samples } = await snapshot(store(), TENANT_A);
      expect(trace).toHaveLength(8);
      expect(samples).toEqual([series(UP, Array.from({ length: 8 }, (_, i) => [1000 * (i + 1), i] as const))]);
    });

    it('a read racing an append sees the batch whole or not at all', async () => {
      const spans = Array.from({ length: 500 }, (_, i) => span(1, i + 1, i, 1));
      const batch: WriteBatch = [tracesItem(TENANT_A, resourceSpans(CHECKOUT, spans.slice(0, 250))), tracesItem(TENANT_A, resourceSpans(PAYMENTS, spans.slice(250)))];
      const count = async () => flattenTrace(await store().getTrace(TENANT_A, traceId(1))).length;

      const [, ...seen] = await Promise.all([store().append(batch), count(), count(), count(), count()]);

      for (const n of seen) expect([0, 500]).toContain(n);
      expect(await count()).toBe(500);
    });

    it('every read returns the same after reopen', async () => {
      await store().append(MIXED_BATCH);

      await harness().reopen();

      expect(await snapshot(store(), TENANT_A)).toEqual(EXPECTED_A);
      expect(await snapshot(store(), TENANT_B)).toEqual(EXPECTED_B);
    });

    it('appends after reopen merge with what was there', async () => {
      await store().append([tracesItem(TENANT_A, resourceSpans(CHECKOUT, [span(1, 1, 0, 10)])), samplesItem(TENANT_A, { series: [series(UP, [[1000, 1], [3000, STALE]])] })]);
      await harness().reopen();
      await store().append([tracesItem(TENANT_A, resourceSpans(CHECKOUT, [span(1, 2, 5, 1)])), samplesItem(TENANT_A, { series: [series(UP, [[2000, 2], [3000, 3], [4000, STALE]])] })]);
      await harness().reopen();

      const { trace, samples } = await snapshot(store(), TENANT_A);
      expect(trace).toEqual([spanRecord(CHECKOUT, span(1, 1, 0, 10)), spanRecord(CHECKOUT, span(1, 2, 5, 1))]);
      expect(samples).toEqual([series(UP, [[1000, 1], [2000, 2], [3000, 3], [4000, STALE]])]);
      expect(isStaleNaN(samples[0]!.values[3]!)).toBe(true);
    });
  });
}
