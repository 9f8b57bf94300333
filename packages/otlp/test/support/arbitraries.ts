import fc from 'fast-check';
import type {
  AnyValue,
  Exemplar,
  ExponentialHistogramDataPoint,
  HistogramDataPoint,
  InstrumentationScope,
  KeyValue,
  LogRecord,
  LogsData,
  Metric,
  MetricData,
  MetricsData,
  NumberDataPoint,
  Resource,
  Span,
  SpanId,
  SummaryDataPoint,
  TraceId,
  TracesData,
  UnixNano,
} from '@braid/model';

/**
 * fast-check arbitraries for the model, covering every field's full range (64-bit ints,
 * non-finite doubles, nested AnyValues, absent optional fields). JSON cannot carry -0, so the
 * JSON round trip asks for doubles without it.
 */
export interface ModelArbitraries {
  readonly traces: fc.Arbitrary<TracesData>;
  readonly logs: fc.Arbitrary<LogsData>;
  readonly metrics: fc.Arbitrary<MetricsData>;
  readonly anyValue: fc.Arbitrary<AnyValue>;
}

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;

const text = fc.string({ unit: 'binary', maxLength: 12 });
const uint32 = fc.oneof(fc.constant(0), fc.nat({ max: 1000 }), fc.nat({ max: 0xffffffff }));
const int32 = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 30 }), fc.integer({ min: -0x80000000, max: 0x7fffffff }));
const int64 = fc.oneof(fc.constant(0n), fc.bigInt({ min: -1000n, max: 1000n }), fc.bigInt({ min: INT64_MIN, max: INT64_MAX }));
const uint64 = fc.oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: 1000n }), fc.bigInt({ min: 0n, max: UINT64_MAX }));
const time = fc.oneof(fc.constant(0n), fc.bigInt({ min: 1_600_000_000_000_000_000n, max: 1_900_000_000_000_000_000n }), uint64) as fc.Arbitrary<UnixNano>;

function nonZeroBytes(length: number): fc.Arbitrary<Uint8Array> {
  return fc.uint8Array({ minLength: length, maxLength: length }).filter((b) => b.some((x) => x !== 0));
}

const traceId = nonZeroBytes(16) as fc.Arbitrary<Uint8Array> as fc.Arbitrary<TraceId>;
const spanId = nonZeroBytes(8) as fc.Arbitrary<Uint8Array> as fc.Arbitrary<SpanId>;

/** Arbitraries for the model; `negativeZero: false` leaves -0 out of doubles. */
export function modelArbitraries(options: { negativeZero: boolean }): ModelArbitraries {
  const double = fc.double().map((d) => (options.negativeZero || !Object.is(d, -0) ? d : 0));
  const optionalDouble = fc.option(double, { nil: undefined });

  const { anyValue } = fc.letrec<{ anyValue: AnyValue; keyValue: KeyValue }>((tie) => ({
    anyValue: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constant(null),
      text,
      fc.boolean(),
      int64,
      double,
      fc.uint8Array({ maxLength: 8 }),
      fc.array(tie('anyValue'), { maxLength: 3 }),
      fc.record({ kvlist: fc.array(tie('keyValue'), { maxLength: 3 }) }),
    ),
    keyValue: fc.record({ key: text, value: tie('anyValue') }),
  }));
  const attributes = fc.array(fc.record({ key: text, value: anyValue }), { maxLength: 4 });

  const resource: fc.Arbitrary<Resource> = fc.record({ attributes, droppedAttributesCount: uint32 });
  const scope: fc.Arbitrary<InstrumentationScope> = fc.record({ name: text, version: text, attributes, droppedAttributesCount: uint32 });

  const span: fc.Arbitrary<Span> = fc.record({
    traceId,
    spanId,
    traceState: text,
    parentSpanId: fc.option(spanId, { nil: undefined }),
    flags: uint32,
    name: text,
    kind: int32,
    startTimeUnixNano: time,
    endTimeUnixNano: time,
    attributes,
    droppedAttributesCount: uint32,
    events: fc.array(fc.record({ timeUnixNano: time, name: text, attributes, droppedAttributesCount: uint32 }), { maxLength: 3 }),
    droppedEventsCount: uint32,
    links: fc.array(fc.record({ traceId, spanId, traceState: text, attributes, droppedAttributesCount: uint32, flags: uint32 }), { maxLength: 2 }),
    droppedLinksCount: uint32,
    status: fc.record({ code: int32, message: text }),
  });

  const logRecord: fc.Arbitrary<LogRecord> = fc.record({
    timeUnixNano: time,
    observedTimeUnixNano: time,
    severityNumber: int32,
    severityText: text,
    body: anyValue,
    attributes,
    droppedAttributesCount: uint32,
    flags: uint32,
    traceId: fc.option(traceId, { nil: undefined }),
    spanId: fc.option(spanId, { nil: undefined }),
    eventName: text,
  });

  const metricValue = fc.oneof(double, int64);
  const exemplar: fc.Arbitrary<Exemplar> = fc.record({
    filteredAttributes: attributes,
    timeUnixNano: time,
    value: metricValue,
    spanId: fc.option(spanId, { nil: undefined }),
    traceId: fc.option(traceId, { nil: undefined }),
  });
  const exemplars = fc.array(exemplar, { maxLength: 2 });
  const base = { attributes, startTimeUnixNano: time, timeUnixNano: time, flags: uint32 };
  const numberPoint: fc.Arbitrary<NumberDataPoint> = fc.record({ ...base, value: metricValue, exemplars });
  const histogramPoint: fc.Arbitrary<HistogramDataPoint> = fc.record({
    ...base,
    count: uint64,
    sum: optionalDouble,
    bucketCounts: fc.array(uint64, { maxLength: 4 }),
    explicitBounds: fc.array(double, { maxLength: 4 }),
    exemplars,
    min: optionalDouble,
    max: optionalDouble,
  });
  const buckets = fc.record({ offset: int32, bucketCounts: fc.array(uint64, { maxLength: 4 }) });
  const exponentialPoint: fc.Arbitrary<ExponentialHistogramDataPoint> = fc.record({
    ...base,
    count: uint64,
    sum: optionalDouble,
    scale: int32,
    zeroCount: uint64,
    positive: buckets,
    negative: buckets,
    exemplars,
    min: optionalDouble,
    max: optionalDouble,
    zeroThreshold: double,
  });
  const summaryPoint: fc.Arbitrary<SummaryDataPoint> = fc.record({
    ...base,
    count: uint64,
    sum: double,
    quantileValues: fc.array(fc.record({ quantile: double, value: double }), { maxLength: 3 }),
  });
  const points = <T>(point: fc.Arbitrary<T>) => fc.array(point, { maxLength: 3 });
  const data: fc.Arbitrary<MetricData> = fc.oneof(
    fc.record({ type: fc.constant('gauge' as const), dataPoints: points(numberPoint) }),
    fc.record({ type: fc.constant('sum' as const), dataPoints: points(numberPoint), aggregationTemporality: int32, isMonotonic: fc.boolean() }),
    fc.record({ type: fc.constant('histogram' as const), dataPoints: points(histogramPoint), aggregationTemporality: int32 }),
    fc.record({ type: fc.constant('exponentialHistogram' as const), dataPoints: points(exponentialPoint), aggregationTemporality: int32 }),
    fc.record({ type: fc.constant('summary' as const), dataPoints: points(summaryPoint) }),
    fc.constant({ type: 'empty' as const }),
  );
  const metric: fc.Arbitrary<Metric> = fc.record({ name: text, description: text, unit: text, metadata: attributes, data });

  const list = <T>(item: fc.Arbitrary<T>) => fc.array(item, { maxLength: 3 });
  return {
    anyValue,
    traces: fc.record({
      resourceSpans: list(fc.record({ resource, schemaUrl: text, scopeSpans: list(fc.record({ scope, schemaUrl: text, spans: list(span) })) })),
    }),
    logs: fc.record({
      resourceLogs: list(fc.record({ resource, schemaUrl: text, scopeLogs: list(fc.record({ scope, schemaUrl: text, logRecords: list(logRecord) })) })),
    }),
    metrics: fc.record({
      resourceMetrics: list(fc.record({ resource, schemaUrl: text, scopeMetrics: list(fc.record({ scope, schemaUrl: text, metrics: list(metric) })) })),
    }),
  };
}
