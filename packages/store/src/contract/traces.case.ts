import { describe, expect, it } from 'vitest';
import { EMPTY_RESOURCE, EMPTY_SCOPE, SpanKind, StatusCode, toHex, type Attributes, type Resource, type Span } from '@braid/model';
import type { NanoRange, SpanQuery } from '../queries.js';
import type { SpanRecord } from '../records.js';
import type { StoreHarness } from './index.js';
import {
  MS_NS,
  RESOURCE_SCHEMA_URL,
  SCOPE,
  TENANT_A,
  at,
  resource,
  resourceSpans,
  richSpan,
  span,
  spanRecord,
  traceId,
  tracesItem,
} from './fixtures.js';
import { flattenTrace, repeatedGroups } from './normalize.js';

const CHECKOUT = resource('checkout', [{ key: 'tier', value: 'web' }]);
const PAYMENTS = resource('payments', [{ key: 'host.cores', value: 8n }]);
/** No service.name, and a repeated key. */
const ANONYMOUS: Resource = {
  attributes: [
    { key: 'host.name', value: 'batch-1' },
    { key: 'team', value: 'data' },
    { key: 'team', value: 'infra' },
  ],
  droppedAttributesCount: 0,
};

/** Six spans over three traces, three resources; see the query table for what tells them apart. */
const SEARCH_SPANS = {
  s1: spanRecord(CHECKOUT, span(1, 1, 1000, 100, {
    name: 'GET /cart',
    kind: SpanKind.SERVER,
    status: { code: StatusCode.OK, message: '' },
    attributes: [
      { key: 'http.response.status_code', value: 200n },
      { key: 'cache.hit', value: true },
    ],
  })),
  s2: spanRecord(CHECKOUT, span(1, 2, 2000, 5, {
    name: 'SELECT cart',
    kind: SpanKind.CLIENT,
    status: { code: StatusCode.UNSET, message: '' },
    attributes: [
      { key: 'db.system', value: 'postgres' },
      { key: 'cache.hit', value: 'true' },
      { key: 'retry.backoff', value: 1.5 },
      { key: 'peer.address', value: '10.0.0.1' },
      { key: 'peer.address', value: '10.0.0.2' },
    ],
  })),
  s3: spanRecord(PAYMENTS, span(1, 3, 3000, 250, {
    name: 'charge',
    kind: SpanKind.SERVER,
    status: { code: StatusCode.ERROR, message: 'card declined' },
    attributes: [
      { key: 'http.response.status_code', value: 500n },
      { key: 'amount', value: 12.0 },
      { key: 'ratio', value: 1e19 },
      { key: 'cache.hit', value: false },
    ],
  })),
  s4: spanRecord(PAYMENTS, span(2, 4, 4000, 1000, {
    name: 'charge',
    kind: SpanKind.INTERNAL,
    status: { code: StatusCode.OK, message: '' },
    attributes: [
      { key: 'amount', value: 7n },
      { key: 'tier', value: 'web' },
    ],
  })),
  s5: spanRecord(CHECKOUT, span(2, 5, 5000, 100, {
    name: 'GET /cart',
    kind: SpanKind.SERVER,
    status: { code: StatusCode.ERROR, message: 'bad gateway' },
    attributes: [{ key: 'http.response.status_code', value: '500' }],
  })),
  s6: spanRecord(ANONYMOUS, span(3, 6, 6000, 1, { name: 'cron', kind: SpanKind.INTERNAL, status: { code: StatusCode.UNSET, message: '' }, attributes: [] })),
};
type SearchSpanName = keyof typeof SEARCH_SPANS;

const MS = (n: number): bigint => BigInt(n) * MS_NS;

/** Query → the spans it finds, newest start first. */
const SEARCH_TABLE: readonly [string, Omit<SpanQuery, 'limit'> & { limit?: number }, readonly SearchSpanName[]][] = [
  ['no condition', {}, ['s6', 's5', 's4', 's3', 's2', 's1']],
  ['limit keeps the newest', { limit: 2 }, ['s6', 's5']],
  ['traceId', { traceId: traceId(1) }, ['s3', 's2', 's1']],
  ['serviceName', { serviceName: 'checkout' }, ['s5', 's2', 's1']],
  ['serviceName of a resource without one', { serviceName: 'unknown_service' }, ['s6']],
  ['serviceName is exact', { serviceName: 'check' }, []],
  ['spanName', { spanName: 'charge' }, ['s4', 's3']],
  ['kind', { kind: SpanKind.SERVER }, ['s5', 's3', 's1']],
  ['statusCode error', { statusCode: StatusCode.ERROR }, ['s5', 's3']],
  ['statusCode unset', { statusCode: StatusCode.UNSET }, ['s6', 's2']],
  ['minDurationNs inclusive', { minDurationNs: MS(100) }, ['s5', 's4', 's3', 's1']],
  ['maxDurationNs inclusive', { maxDurationNs: MS(100) }, ['s6', 's5', 's2', 's1']],
  ['min and max duration equal', { minDurationNs: MS(100), maxDurationNs: MS(100) }, ['s5', 's1']],
  ['time range on start, both ends inclusive', { startNs: at(2000), endNs: at(4000) }, ['s4', 's3', 's2']],
  ['startNs only', { startNs: at(5000) }, ['s6', 's5']],
  ['endNs only', { endNs: at(1000) }, ['s1']],
  ['number filter on an int attribute', { attributes: [{ scope: 'span', key: 'http.response.status_code', value: 500 }] }, ['s3']],
  ['string filter does not match an int', { attributes: [{ scope: 'span', key: 'http.response.status_code', value: '500' }] }, ['s5']],
  ['number filter on a double attribute', { attributes: [{ scope: 'span', key: 'amount', value: 12 }] }, ['s3']],
  ['integral number filter on an int attribute', { attributes: [{ scope: 'span', key: 'amount', value: 7 }] }, ['s4']],
  ['number filter beyond the int64 range', { attributes: [{ scope: 'span', key: 'ratio', value: 1e19 }] }, ['s3']],
  ['fractional number filter', { attributes: [{ scope: 'span', key: 'retry.backoff', value: 1.5 }] }, ['s2']],
  ['boolean true', { attributes: [{ scope: 'span', key: 'cache.hit', value: true }] }, ['s1']],
  ['boolean false', { attributes: [{ scope: 'span', key: 'cache.hit', value: false }] }, ['s3']],
  ['string "true" is not a boolean', { attributes: [{ scope: 'span', key: 'cache.hit', value: 'true' }] }, ['s2']],
  ['a span that repeats a key is found by its other attributes', { attributes: [{ scope: 'span', key: 'db.system', value: 'postgres' }] }, ['s2']],
  ['resource scope', { attributes: [{ scope: 'resource', key: 'tier', value: 'web' }] }, ['s5', 's2', 's1']],
  ['span scope', { attributes: [{ scope: 'span', key: 'tier', value: 'web' }] }, ['s4']],
  ['any scope', { attributes: [{ scope: 'any', key: 'tier', value: 'web' }] }, ['s5', 's4', 's2', 's1']],
  ['resource attribute of a resource that repeats a key', { attributes: [{ scope: 'resource', key: 'host.name', value: 'batch-1' }] }, ['s6']],
  ['resource int attribute', { attributes: [{ scope: 'resource', key: 'host.cores', value: 8 }] }, ['s4', 's3']],
  ['service.name is not a span attribute', { attributes: [{ scope: 'span', key: 'service.name', value: 'payments' }] }, []],
  [
    'two attribute filters',
    {
      attributes: [
        { scope: 'span', key: 'http.response.status_code', value: 500 },
        { scope: 'resource', key: 'service.name', value: 'payments' },
      ],
    },
    ['s3'],
  ],
  ['service, kind and status', { serviceName: 'checkout', kind: SpanKind.SERVER, statusCode: StatusCode.ERROR }, ['s5']],
  ['trace and name', { traceId: traceId(2), spanName: 'GET /cart' }, ['s5']],
  [
    'every condition at once',
    {
      traceId: traceId(1),
      serviceName: 'payments',
      spanName: 'charge',
      kind: SpanKind.SERVER,
      statusCode: StatusCode.ERROR,
      minDurationNs: MS(250),
      maxDurationNs: MS(250),
      startNs: at(3000),
      endNs: at(3000),
      attributes: [{ scope: 'any', key: 'cache.hit', value: false }],
      limit: 1,
    },
    ['s3'],
  ],
];

function nameOf(found: SpanRecord): string {
  const hex = toHex(found.span.spanId);
  const entry = Object.entries(SEARCH_SPANS).find(([, r]) => toHex(r.span.spanId) === hex);
  return entry?.[0] ?? hex;
}

/** Registers the trace cases: getTrace and searchSpans. */
export function traceCases(harness: () => StoreHarness): void {
  const store = () => harness().store;

  describe('getTrace', () => {
    it('returns every field of spans, resources and scopes as written, with and without a parent', async () => {
      const rich = richSpan(1, 1, 0);
      const root = span(1, 2, -5, 30, { parentSpanId: undefined });
      await store().append([tracesItem(TENANT_A, resourceSpans(CHECKOUT, [rich, root]))]);

      expect(flattenTrace(await store().getTrace(TENANT_A, traceId(1)))).toEqual([spanRecord(CHECKOUT, rich), spanRecord(CHECKOUT, root)]);
    });

    it('returns a span whose every optional field is at its zero value, under an empty resource and scope', async () => {
      const bare: Span = {
        ...span(1, 1, 0, 0),
        traceState: '',
        parentSpanId: undefined,
        flags: 0,
        name: '',
        kind: SpanKind.UNSPECIFIED,
        attributes: [],
        droppedAttributesCount: 0,
        droppedEventsCount: 0,
        droppedLinksCount: 0,
        status: { code: StatusCode.UNSET, message: '' },
      };
      await store().append([tracesItem(TENANT_A, { resource: EMPTY_RESOURCE, schemaUrl: '', scopeSpans: [{ scope: EMPTY_SCOPE, schemaUrl: '', spans: [bare] }] })]);

      expect(flattenTrace(await store().getTrace(TENANT_A, traceId(1)))).toEqual([
        { resource: EMPTY_RESOURCE, resourceSchemaUrl: '', scope: EMPTY_SCOPE, scopeSchemaUrl: '', span: bare },
      ]);
    });

    it('returns [] for an unknown trace', async () => {
      await store().append([tracesItem(TENANT_A, resourceSpans(CHECKOUT, [span(1, 1, 0, 1)]))]);

      expect(await store().getTrace(TENANT_A, traceId(2))).toEqual([]);
    });

    it('returns only the asked trace', async () => {
      await store().append([tracesItem(TENANT_A, resourceSpans(CHECKOUT, [span(1, 1, 0, 1), span(2, 2, 0, 1), span(1, 3, 5, 1)]))]);

      expect(flattenTrace(await store().getTrace(TENANT_A, traceId(1)))).toEqual([spanRecord(CHECKOUT, span(1, 1, 0, 1)), spanRecord(CHECKOUT, span(1, 3, 5, 1))]);
    });

    it('gathers a trace sent in several batches from several resources, each span once', async () => {
      const spans = [span(1, 1, 0, 50), span(1, 2, 10, 5), span(1, 3, 20, 5), span(1, 4, 30, 5)];
      await store().append([tracesItem(TENANT_A, resourceSpans(CHECKOUT, [spans[0]!]), resourceSpans(PAYMENTS, [spans[1]!]))]);
      await store().append([tracesItem(TENANT_A, resourceSpans(PAYMENTS, [spans[2]!]))]);
      await store().append([tracesItem(TENANT_A, resourceSpans(ANONYMOUS, [spans[3]!]))]);

      expect(flattenTrace(await store().getTrace(TENANT_A, traceId(1)))).toEqual([
        spanRecord(CHECKOUT, spans[0]!),
        spanRecord(PAYMENTS, spans[1]!),
        spanRecord(PAYMENTS, spans[2]!),
        spanRecord(ANONYMOUS, spans[3]!),
      ]);
    });

    it('groups by resource and schema URL, then scope and schema URL, each group once', async () => {
      const otherScope = { ...SCOPE, version: '2.0.0' };
      await store().append([tracesItem(TENANT_A, resourceSpans(CHECKOUT, [span(1, 1, 0, 1)]), resourceSpans(CHECKOUT, [span(1, 2, 1, 1)], otherScope))]);
      await store().append([
        tracesItem(TENANT_A, resourceSpans(CHECKOUT, [span(1, 3, 2, 1)]), { ...resourceSpans(CHECKOUT, [span(1, 4, 3, 1)]), schemaUrl: 'https://example.com/other' }),
      ]);

      const trace = await store().getTrace(TENANT_A, traceId(1));

      expect(repeatedGroups(trace)).toEqual([]);
      expect(trace.map((rs) => rs.schemaUrl).sort()).toEqual(['https://example.com/other', RESOURCE_SCHEMA_URL]);
      const main = trace.find((rs) => rs.schemaUrl === RESOURCE_SCHEMA_URL);
      expect(main?.scopeSpans.map((ss) => ss.scope.version).sort()).toEqual(['1.4.2', '2.0.0']);
      expect(flattenTrace(trace).map((r) => r.span.spanId)).toEqual([1, 2, 3, 4].map((n) => span(1, n, 0, 1).spanId));
    });

    it('filters by span start, both bounds inclusive', async () => {
      const spans = [span(1, 1, 0, 5000), span(1, 2, 1000, 5), span(1, 3, 2000, 5), span(1, 4, 3000, 5)];
      await store().append([tracesItem(TENANT_A, resourceSpans(CHECKOUT, spans))]);
      const idsIn = async (range: NanoRange) =>
        flattenTrace(await store().getTrace(TENANT_A, traceId(1), range)).map((r) => toHex(r.span.spanId).slice(-1));

      expect(await idsIn({ startNs: at(1000), endNs: at(2000) })).toEqual(['2', '3']);
      expect(await idsIn({ startNs: at(2000) })).toEqual(['3', '4']);
      expect(await idsIn({ endNs: at(1000) })).toEqual(['1', '2']);
      expect(await idsIn({ startNs: at(4000) })).toEqual([]);
    });
  });

  describe('searchSpans', () => {
    it('returns each span with its resource, scope and schema URLs, every field as written', async () => {
      const rich = richSpan(1, 1, 0);
      await store().append([tracesItem(TENANT_A, resourceSpans(PAYMENTS, [rich]))]);

      expect(await store().searchSpans(TENANT_A, { traceId: traceId(1), limit: 10 })).toEqual([spanRecord(PAYMENTS, rich)]);
    });

    it('returns [] on an empty store', async () => {
      expect(await store().searchSpans(TENANT_A, { limit: 10 })).toEqual([]);
    });

    it('finds a span by an attribute no other span of a large batch has, even when it repeats a key', async () => {
      const spans = Array.from({ length: 40 }, (_, i) => span(1, i + 1, i, 1, { attributes: [{ key: 'http.route', value: `/r${i + 1}` }] }));
      const tag = (n: number, attributes: Attributes) => (spans[n - 1] = { ...spans[n - 1]!, attributes: [...spans[n - 1]!.attributes, ...attributes] });
      tag(7, [{ key: 'rare.a', value: 'x' }, { key: 'dup', value: 1n }, { key: 'dup', value: 2n }]);
      tag(8, [{ key: 'rare.b', value: 'y' }, { key: '0', value: 'index-like' }]);
      tag(9, [{ key: 'rare.c', value: 3n }, { key: 'dup', value: true }, { key: 'dup', value: false }]);
      await store().append([tracesItem(TENANT_A, resourceSpans(CHECKOUT, spans))]);
      const find = async (key: string, value: string | number) =>
        (await store().searchSpans(TENANT_A, { attributes: [{ scope: 'span', key, value }], limit: 100 })).map((r) => r.span.name);

      expect(await find('rare.a', 'x')).toEqual(['op-7']);
      expect(await find('rare.b', 'y')).toEqual(['op-8']);
      expect(await find('rare.c', 3)).toEqual(['op-9']);
      expect(await find('http.route', '/r7')).toEqual(['op-7']);
    });

    describe('finds by each condition, newest first', () => {
      it.each(SEARCH_TABLE)('%s', async (_, query, expected) => {
        const { s1, s2, s3, s4, s5, s6 } = SEARCH_SPANS;
        await store().append([tracesItem(TENANT_A, resourceSpans(CHECKOUT, [s1.span, s2.span]), resourceSpans(PAYMENTS, [s3.span]))]);
        await store().append([tracesItem(TENANT_A, resourceSpans(PAYMENTS, [s4.span]), resourceSpans(CHECKOUT, [s5.span]), resourceSpans(ANONYMOUS, [s6.span]))]);

        const found = await store().searchSpans(TENANT_A, { limit: 100, ...query });

        expect(found.map(nameOf)).toEqual(expected);
        expect(found).toEqual(expected.map((name) => SEARCH_SPANS[name]));
      });
    });
  });
}
