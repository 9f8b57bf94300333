import { ROOT_CONTEXT, SpanKind, SpanStatusCode, TraceFlags, ValueType, trace, type HrTime, type SpanContext } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { TraceState } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor, type ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { AggregationTemporality, AggregationType, MeterProvider, MetricReader, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';
import type { KeyValue } from '@braid/model';

/**
 * Telemetry made by the real OpenTelemetry JS SDK, as its exporters would hand it to the
 * otlp-transformer serializers. Each input sits next to the OTLP it must decode to, so the
 * tests read as a table: JS integers become int (bigint), other numbers double, and so on.
 */

export const RESOURCE_SCHEMA_URL = 'https://opentelemetry.io/schemas/1.26.0';
export const SCOPE_SCHEMA_URL = 'https://opentelemetry.io/schemas/1.24.0';

export const RESOURCE_ATTRIBUTES = {
  'service.name': 'checkout',
  'host.cpus': 4,
  'process.load': 0.75,
  'feature.enabled': true,
  'team.tags': ['payments', 'core'],
};
export const RESOURCE_OTLP: KeyValue[] = [
  { key: 'service.name', value: 'checkout' },
  { key: 'host.cpus', value: 4n },
  { key: 'process.load', value: 0.75 },
  { key: 'feature.enabled', value: true },
  { key: 'team.tags', value: ['payments', 'core'] },
];

export const ROOT_ATTRIBUTES = {
  'http.request.method': 'GET',
  'http.response.status_code': 500,
  'http.server.duration_ratio': 1.25,
  'user.premium': false,
  'cart.item_ids': [3, 5, 8],
  'cart.prices': [1.5, 2.25],
  'cart.flags': [true, false],
  'big.negative': -9007199254740991,
  'text.unicode': 'żółć ✓ 🚀',
};
export const ROOT_OTLP: KeyValue[] = [
  { key: 'http.request.method', value: 'GET' },
  { key: 'http.response.status_code', value: 500n },
  { key: 'http.server.duration_ratio', value: 1.25 },
  { key: 'user.premium', value: false },
  { key: 'cart.item_ids', value: [3n, 5n, 8n] },
  { key: 'cart.prices', value: [1.5, 2.25] },
  { key: 'cart.flags', value: [true, false] },
  { key: 'big.negative', value: -9007199254740991n },
  { key: 'text.unicode', value: 'żółć ✓ 🚀' },
];

export const REMOTE_PARENT = { traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b174', traceState: 'vendor=abc,other=1' };

const LIMITS = { attributeCountLimit: 12, eventCountLimit: 3, linkCountLimit: 1, attributePerEventCountLimit: 2, attributePerLinkCountLimit: 1 };

/** Spans of every kind, with events, links, statuses, a remote parent and attribute/event/link drops. */
export async function makeSpans(): Promise<ReadableSpan[]> {
  const memory = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes(RESOURCE_ATTRIBUTES, { schemaUrl: RESOURCE_SCHEMA_URL }),
    spanProcessors: [new SimpleSpanProcessor({ exporter: memory })],
    spanLimits: LIMITS,
  });
  const tracer = provider.getTracer('otlp-test', '0.9.1', { schemaUrl: SCOPE_SCHEMA_URL });
  const remoteParent = trace.setSpanContext(ROOT_CONTEXT, {
    traceId: REMOTE_PARENT.traceId,
    spanId: REMOTE_PARENT.spanId,
    traceFlags: TraceFlags.SAMPLED,
    traceState: new TraceState(REMOTE_PARENT.traceState),
    isRemote: true,
  });
  const linked = tracer.startSpan('linked-producer', { kind: SpanKind.PRODUCER, startTime: [1_700_000_000, 123_456_789] });
  linked.end([1_700_000_001, 5]);
  const root = tracer.startSpan(
    'GET /cart',
    {
      kind: SpanKind.SERVER,
      attributes: ROOT_ATTRIBUTES,
      // Over the link limit the SDK keeps the last links.
      links: [
        { context: linked.spanContext(), attributes: { 'link.dropped': true } },
        { context: linked.spanContext(), attributes: { 'link.reason': 'batch', 'link.index': 2 } },
      ],
    },
    remoteParent,
  );
  root.addEvent('cache.miss', { 'cache.key': 'cart:42', 'cache.ttl_ms': 1500, 'cache.extra': 'dropped' });
  root.addEvent('retry');
  const inRoot = trace.setSpan(ROOT_CONTEXT, root);
  const child = tracer.startSpan('SELECT carts', { kind: SpanKind.CLIENT, attributes: { 'db.system': 'postgresql' } }, inRoot);
  child.setStatus({ code: SpanStatusCode.OK });
  child.end();
  const overflow = tracer.startSpan('overflow', { kind: SpanKind.CONSUMER }, inRoot);
  for (let i = 0; i < 14; i++) overflow.setAttribute(`attr.${i}`, i);
  for (let i = 0; i < 5; i++) overflow.addEvent(`event.${i}`);
  overflow.end();
  tracer.startSpan('internal', { kind: SpanKind.INTERNAL }, inRoot).end();
  root.setStatus({ code: SpanStatusCode.ERROR, message: 'payment declined' });
  root.end();
  // The SDK exports asynchronously since 2.x.
  await provider.forceFlush();
  return memory.getFinishedSpans();
}

/** Log records with every body type, inside and outside a span, with an event name and a drop. */
export async function makeLogs(spanContext: SpanContext): Promise<ReadableLogRecord[]> {
  const memory = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({
    resource: resourceFromAttributes(RESOURCE_ATTRIBUTES, { schemaUrl: RESOURCE_SCHEMA_URL }),
    processors: [new SimpleLogRecordProcessor({ exporter: memory })],
    logRecordLimits: { attributeCountLimit: 3 },
  });
  const logger = provider.getLogger('otlp-test-logger', '2.0.0', { schemaUrl: SCOPE_SCHEMA_URL, attributes: { 'logger.kind': 'test' } });
  const inSpan = trace.setSpanContext(ROOT_CONTEXT, spanContext);
  logger.emit({ body: 'payment declined', severityNumber: SeverityNumber.ERROR, severityText: 'ERROR', attributes: { 'order.id': 42, retry: true }, context: inSpan });
  logger.emit({ body: { user: 'ada', items: 3, price: 9.5, tags: ['x', 'y'], nested: { ok: true } }, severityNumber: SeverityNumber.INFO, severityText: 'INFO', context: inSpan });
  logger.emit({ body: 1234, severityNumber: SeverityNumber.DEBUG, eventName: 'cart.checked', timestamp: [1_700_000_000, 999_999_999] });
  logger.emit({ body: new Uint8Array([0, 1, 2, 254, 255]), severityNumber: SeverityNumber.WARN, attributes: { a: 1, b: 2, c: 3, d: 4, e: 5 } });
  logger.emit({ severityNumber: SeverityNumber.FATAL4 });
  await provider.forceFlush();
  return memory.getFinishedLogRecords();
}

class CollectingReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

/** Counters (double and int), an up-down counter, explicit and exponential histograms and a gauge. */
export async function makeMetrics(temporality: AggregationTemporality): Promise<ResourceMetrics> {
  const reader = new CollectingReader({ aggregationTemporalitySelector: () => temporality });
  const provider = new MeterProvider({
    resource: resourceFromAttributes(RESOURCE_ATTRIBUTES, { schemaUrl: RESOURCE_SCHEMA_URL }),
    readers: [reader],
    views: [{ instrumentName: 'rpc.duration', aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM, options: { maxSize: 160 } } }],
  });
  const meter = provider.getMeter('otlp-test-meter', '3.0.0', { schemaUrl: SCOPE_SCHEMA_URL });
  const requests = meter.createCounter('http.server.requests', { description: 'Requests served', unit: '{request}' });
  requests.add(3, { route: '/cart', code: 200 });
  requests.add(1.5, { route: '/cart', code: 500 });
  meter.createCounter('bytes.sent', { unit: 'By', valueType: ValueType.INT }).add(9_007_199_254, { peer: 'db' });
  const inflight = meter.createUpDownCounter('http.server.active_requests', { valueType: ValueType.INT });
  inflight.add(5);
  inflight.add(-7);
  const duration = meter.createHistogram('http.server.request.duration', { unit: 's', advice: { explicitBucketBoundaries: [0.1, 0.5, 1] } });
  for (const v of [0.05, 0.2, 0.7, 3]) duration.record(v, { route: '/cart' });
  const rpc = meter.createHistogram('rpc.duration', { unit: 'ms' });
  for (const v of [0, 1, 2, 4, 8, 1000, 0.001]) rpc.record(v);
  meter.createObservableGauge('process.memory.usage', { unit: 'By' }).addCallback((result) => result.observe(123456.5, { pool: 'heap' }));
  const { resourceMetrics, errors } = await reader.collect();
  if (errors.length > 0) throw errors[0];
  return resourceMetrics;
}

/** Nanoseconds of an SDK HrTime. */
export function nanos(time: HrTime): bigint {
  return BigInt(time[0]) * 1_000_000_000n + BigInt(time[1]);
}

/** Bytes of a hex id. */
export function idBytes(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}
