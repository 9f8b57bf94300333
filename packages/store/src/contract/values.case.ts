import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { logStreamLabels, type AnyValue, type Attributes, type Resource } from '@braid/model';
import type { AttributeFilter } from '../queries.js';
import type { StoreHarness } from './index.js';
import { anyValueArbitrary, attributesArbitrary } from './arbitraries.js';
import { SCOPE, TENANT_A, logEntry, logRecord, logsItem, resource, resourceLogs, resourceSpans, richSpan, spanRecord, traceId, tracesItem } from './fixtures.js';
import { flattenTrace } from './normalize.js';

/** Every AnyValue kind, with the edge values a store is most likely to bend. */
const VALUES: readonly [string, AnyValue][] = [
  ['int 0', 0n],
  ['int -1', -1n],
  ['int min', -(2n ** 63n)],
  ['int max', 2n ** 63n - 1n],
  ['double 1.0 stays a double', 1.0],
  ['double 0', 0],
  ['double tiny', -2.5e-300],
  ['double max', Number.MAX_VALUE],
  ['double above 2^53', 2 ** 60 + 2 ** 10],
  ['NaN', NaN],
  ['Infinity', Infinity],
  ['-Infinity', -Infinity],
  ['true', true],
  ['false', false],
  ['string', 'hello'],
  ['empty string', ''],
  ['unicode', 'naïve 日本語 🚀 \u{10FFFF}'],
  ['quotes, backslashes, control characters', `"'\\ \\" \n\t\r\u001f`],
  ['NUL', 'a\u0000b'],
  ['string reading as JSON', '{"kvlist":[]}'],
  ['string reading as a number', '1'],
  ['string reading as null', 'null'],
  ['bytes', Uint8Array.of(0, 1, 0x7f, 0x80, 0xfe, 0xff)],
  ['empty bytes', new Uint8Array(0)],
  ['array of mixed kinds', ['a', 1n, 1.5, true, null, Uint8Array.of(9), { kvlist: [] }]],
  ['empty array', []],
  ['nested arrays', [[1n, [2.0, []]], [[]]]],
  ['kvlist with empty values', { kvlist: [{ key: 'a', value: 1n }, { key: 'empty', value: null }, { key: '', value: '' }] }],
  ['empty kvlist', { kvlist: [] }],
  ['nested kvlists', { kvlist: [{ key: 'inner', value: { kvlist: [{ key: 'deep', value: [{ kvlist: [{ key: 'x', value: 1.0 }] }] }] } }] }],
  ['kvlist with duplicate keys', { kvlist: [{ key: 'k', value: 1n }, { key: 'k', value: '1' }] }],
  ['null', null],
];

/** The table as attributes, in table order, then index-like keys (a JS object would move them first) and a repeated key. */
const ATTRIBUTES: Attributes = [
  ...VALUES.map(([key, value]) => ({ key, value })),
  { key: '1', value: 'index-like' },
  { key: '0', value: 'index-like' },
  { key: 'int 0', value: 'again' },
];

const RICH_RESOURCE: Resource = { ...resource('values'), attributes: [...resource('values').attributes, ...ATTRIBUTES] };
const RICH_SCOPE = { ...SCOPE, attributes: ATTRIBUTES };

type ScalarFilter = Omit<AttributeFilter, 'scope'>;

/**
 * Filters a span with these attributes must match: one per scalar under a key that appears once.
 * Empty keys are left out: OpenTelemetry forbids them, so no query names one.
 */
function filtersOf(attributes: Attributes): ScalarFilter[] {
  const unique = attributes.filter((kv) => kv.key !== '' && attributes.filter((o) => o.key === kv.key).length === 1);
  return unique.flatMap(({ key, value }): ScalarFilter[] => {
    if (typeof value === 'string' || typeof value === 'boolean') return [{ key, value }];
    if (typeof value === 'number' && !Number.isNaN(value)) return [{ key, value }];
    if (typeof value === 'bigint' && Number.isSafeInteger(Number(value))) return [{ key, value: Number(value) }];
    return [];
  });
}

/** Registers the value cases: every AnyValue kind round-trips wherever attributes and bodies live. */
export function valueCases(harness: () => StoreHarness): void {
  const store = () => harness().store;

  describe('attribute and body values', () => {
    it('keep every kind, in order with duplicate keys, on resource, scope, span, event and link', async () => {
      const base = richSpan(1, 1, 0);
      const span = {
        ...base,
        attributes: ATTRIBUTES,
        events: base.events.map((e) => ({ ...e, attributes: ATTRIBUTES })),
        links: base.links.map((l) => ({ ...l, attributes: ATTRIBUTES })),
      };
      await store().append([tracesItem(TENANT_A, resourceSpans(RICH_RESOURCE, [span], RICH_SCOPE))]);

      expect(flattenTrace(await store().getTrace(TENANT_A, traceId(1)))).toEqual([
        spanRecord(RICH_RESOURCE, span, RICH_SCOPE),
      ]);
    });

    it('keep every kind, in order with duplicate keys, on log records, their resource and scope', async () => {
      const record = logRecord('values', 0, { attributes: ATTRIBUTES });
      await store().append([logsItem(TENANT_A, resourceLogs(RICH_RESOURCE, [record], RICH_SCOPE))]);

      expect(await store().searchLogs(TENANT_A, { limit: 10, direction: 'forward' })).toEqual([
        logEntry(RICH_RESOURCE, record, RICH_SCOPE),
      ]);
    });

    it('keep every kind as a log body', async () => {
      const records = VALUES.map(([, body], i) => logRecord('', i, { body }));
      await store().append([logsItem(TENANT_A, resourceLogs(resource('bodies'), records))]);

      const found = await store().searchLogs(TENANT_A, { limit: 100, direction: 'forward' });

      expect(found.map((e, i) => [VALUES[i]?.[0], e.record.body])).toEqual(VALUES);
    });

    it('keep random attributes and bodies (property)', async () => {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(attributesArbitrary, attributesArbitrary, anyValueArbitrary, async (resourceAttributes, attributes, body) => {
          run += 1;
          const res: Resource = { attributes: resourceAttributes, droppedAttributesCount: 0 };
          const span = { ...richSpan(run, 1, run), attributes };
          const record = logRecord('', run, { body, attributes, traceId: traceId(run) });
          await store().append([tracesItem(TENANT_A, resourceSpans(res, [span])), logsItem(TENANT_A, resourceLogs(res, [record]))]);

          const trace = flattenTrace(await store().getTrace(TENANT_A, traceId(run)));
          const logs = await store().searchLogs(TENANT_A, { traceId: traceId(run), limit: 10, direction: 'forward' });

          expect(trace.map((r) => [r.resource, r.span])).toEqual([[res, span]]);
          expect(logs.map((e) => [e.resource, e.stream, e.record])).toEqual([[res, logStreamLabels(res), record]]);
        }),
        { numRuns: 25 },
      );
    });

    it('find a span by any scalar attribute it carries, in span and any scope (property)', async () => {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(attributesArbitrary, async (attributes) => {
          run += 1;
          const span = { ...richSpan(run, 1, run), attributes };
          await store().append([tracesItem(TENANT_A, resourceSpans(resource('filters'), [span]))]);

          for (const filter of filtersOf(attributes)) {
            for (const scope of ['span', 'any'] as const) {
              const found = await store().searchSpans(TENANT_A, { traceId: traceId(run), attributes: [{ scope, ...filter }], limit: 10 });
              expect([scope, filter, found.length]).toEqual([scope, filter, 1]);
            }
          }
        }),
        { numRuns: 25 },
      );
    });
  });
}
