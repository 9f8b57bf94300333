import fc from 'fast-check';
import {
  unixNano,
  type AnyValue,
  type Exemplar,
  type ExponentialHistogramDataPoint,
  type HistogramDataPoint,
  type KeyValue,
  type Metric,
  type MetricData,
  type MetricsData,
  type NumberDataPoint,
  type SpanId,
  type SummaryDataPoint,
  type TraceId,
} from '@braid/model';
import { T0_MS } from './otlp-metrics.js';

/**
 * Well-typed OTLP metrics meant to reach every branch of the translation: names and keys that need
 * sanitizing or collide, every temporality, stale flags, histograms with matching and mismatched
 * buckets, exponential histograms at extreme scales and offsets, 64-bit ints and non-finite doubles.
 */

const T0_NS = BigInt(T0_MS) * 1_000_000n;
const INT64 = fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n });

const key = fc.oneof(
  fc.constantFrom('http.method', 'http_method', 'http-method', 'job', 'instance', 'le', 'quantile', 'service_name', '__name__', '0day', '_x', '', '..', 'Zed', 'exported_job'),
  fc.string({ unit: 'binary', maxLength: 6 }),
);
const value: fc.Arbitrary<AnyValue> = fc.oneof(fc.string({ maxLength: 5 }), fc.constant(''), INT64, fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 }));
const attributes: fc.Arbitrary<KeyValue[]> = fc.array(fc.record({ key, value }), { maxLength: 4 });
const time = fc.oneof({ weight: 9, arbitrary: fc.bigInt({ min: T0_NS - 10_000_000_000n, max: T0_NS + 10_000_000_000n }) }, { weight: 1, arbitrary: fc.constant(0n) }).map(unixNano);
const flags = fc.constantFrom(0, 0, 0, 1);
const count = fc.oneof(fc.bigInt({ min: 0n, max: 100n }), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }));
const optionalSum = fc.option(fc.double(), { nil: undefined });

const exemplar: fc.Arbitrary<Exemplar> = fc.record({
  filteredAttributes: attributes,
  timeUnixNano: time,
  value: fc.oneof(fc.double(), INT64),
  traceId: fc.option(fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => b as TraceId), { nil: undefined }),
  spanId: fc.option(fc.uint8Array({ minLength: 8, maxLength: 8 }).map((b) => b as SpanId), { nil: undefined }),
});
const exemplars = fc.array(exemplar, { maxLength: 2 });
const pointBase = { attributes, startTimeUnixNano: time, timeUnixNano: time, flags };

const numberPoint: fc.Arbitrary<NumberDataPoint> = fc.record({ ...pointBase, value: fc.oneof(fc.double(), INT64), exemplars });

const histogramPoint: fc.Arbitrary<HistogramDataPoint> = fc
  .record({
    ...pointBase,
    bounds: fc.oneof(fc.uniqueArray(fc.double({ noNaN: true }), { maxLength: 5 }).map((b) => b.sort((x, y) => x - y)), fc.array(fc.double(), { maxLength: 3 })),
    extraCounts: fc.constantFrom(1, 1, 1, 0, 2),
    counts: fc.array(count, { maxLength: 7 }),
    count,
    sum: optionalSum,
    exemplars,
  })
  .map(({ bounds, extraCounts, counts, ...rest }) => ({
    ...rest,
    explicitBounds: bounds,
    bucketCounts: Array.from({ length: bounds.length + extraCounts }, (_, i) => counts[i] ?? 1n),
    min: undefined,
    max: undefined,
  }));

const buckets = fc.record({
  offset: fc.oneof(fc.integer({ min: -20, max: 20 }), fc.integer({ min: -0x80000000, max: 0x7fffffff })),
  bucketCounts: fc.array(count, { maxLength: 6 }),
});
const exponentialPoint: fc.Arbitrary<ExponentialHistogramDataPoint> = fc.record({
  ...pointBase,
  count,
  sum: optionalSum,
  scale: fc.integer({ min: -12, max: 22 }),
  zeroCount: count,
  positive: buckets,
  negative: buckets,
  exemplars,
  min: fc.constant(undefined),
  max: fc.constant(undefined),
  zeroThreshold: fc.constantFrom(0, 0, 1e-9, 0.5),
});

const summaryPoint: fc.Arbitrary<SummaryDataPoint> = fc.record({
  ...pointBase,
  count,
  sum: fc.double(),
  quantileValues: fc.array(fc.record({ quantile: fc.double({ min: 0, max: 1 }), value: fc.double() }), { maxLength: 3 }),
});

const temporality = fc.constantFrom(1, 2, 2, 0);
const data: fc.Arbitrary<MetricData> = fc.oneof(
  fc.record({ type: fc.constant('gauge' as const), dataPoints: fc.array(numberPoint, { maxLength: 3 }) }),
  fc.record({ type: fc.constant('sum' as const), dataPoints: fc.array(numberPoint, { maxLength: 3 }), aggregationTemporality: temporality, isMonotonic: fc.boolean() }),
  fc.record({ type: fc.constant('histogram' as const), dataPoints: fc.array(histogramPoint, { maxLength: 3 }), aggregationTemporality: temporality }),
  fc.record({ type: fc.constant('exponentialHistogram' as const), dataPoints: fc.array(exponentialPoint, { maxLength: 3 }), aggregationTemporality: temporality }),
  fc.record({ type: fc.constant('summary' as const), dataPoints: fc.array(summaryPoint, { maxLength: 2 }) }),
  fc.constant({ type: 'empty' as const }),
);

const metric: fc.Arbitrary<Metric> = fc.record({
  name: fc.oneof(fc.constantFrom('http.server.duration', 'requests.total', '2xx', '...', 'a:b', 'x'), fc.string({ unit: 'binary', maxLength: 8 })),
  description: fc.string({ maxLength: 4 }),
  unit: fc.constantFrom('', 's', 'ms', 'By/s', '1', '{request}', '1/s', 'weird unit', '%'),
  metadata: fc.constant([]),
  data,
});

/** A whole export request. */
export const metricsData: fc.Arbitrary<MetricsData> = fc.record({
  resourceMetrics: fc.array(
    fc.record({
      resource: fc.record({
        attributes: fc.oneof(attributes, fc.constant([{ key: 'service.name', value: 'checkout' }, { key: 'host.name', value: 'h' }])),
        droppedAttributesCount: fc.constant(0),
      }),
      schemaUrl: fc.constant(''),
      scopeMetrics: fc.array(
        fc.record({
          scope: fc.record({ name: fc.constantFrom('', 'lib'), version: fc.constantFrom('', '1.0'), attributes: fc.constant([]), droppedAttributesCount: fc.constant(0) }),
          schemaUrl: fc.constant(''),
          metrics: fc.array(metric, { maxLength: 4 }),
        }),
        { maxLength: 2 },
      ),
    }),
    { maxLength: 2 },
  ),
});

/** Data points in a request, counting an `empty` metric as one. */
export function pointCount(data: MetricsData): number {
  let points = 0;
  for (const rm of data.resourceMetrics) for (const sm of rm.scopeMetrics) for (const m of sm.metrics) points += m.data.type === 'empty' ? 1 : m.data.dataPoints.length;
  return points;
}
