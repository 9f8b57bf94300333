import { Metadata } from '@grpc/grpc-js';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, TraceFlags, trace, type Attributes } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { ExportResultCode, TraceState, type ExportResult } from '@opentelemetry/core';
import { OTLPLogExporter as GrpcLogExporter } from '@opentelemetry/exporter-logs-otlp-grpc';
import { OTLPLogExporter as JsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPMetricExporter as GrpcMetricExporter } from '@opentelemetry/exporter-metrics-otlp-grpc';
import { OTLPMetricExporter as JsonMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as ProtoMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPTraceExporter as GrpcTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor, type ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { AggregationTemporality, MeterProvider, MetricReader, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';

/** The three OTLP transports the official JS exporters speak. */
export const TRANSPORTS = ['http/protobuf', 'http/json', 'grpc'] as const;
export type Transport = (typeof TRANSPORTS)[number];

export interface Endpoint {
  readonly httpUrl: string;
  readonly grpcAddress: string;
  readonly tenant?: string;
}

const RESOURCE_ATTRIBUTES: Attributes = {
  'service.name': 'checkout',
  'service.version': '1.2.3',
  'service.instance.id': 'checkout-7f9c',
  'deployment.environment': 'test',
  'host.cpus': 4,
  'process.load': 0.75,
  'feature.enabled': true,
  'team.tags': ['payments', 'core'],
};

function done(result: ExportResult): void {
  if (result.code !== ExportResultCode.SUCCESS) throw result.error ?? new Error('export failed');
}

function exportWith<T>(exporter: { export(items: T, cb: (r: ExportResult) => void): void; shutdown(): Promise<void> }, items: T): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    exporter.export(items, (result) => {
      try {
        done(result);
        resolve();
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }).finally(() => exporter.shutdown());
}

function headersOf(endpoint: Endpoint): Record<string, string> {
  return endpoint.tenant ? { 'X-Scope-OrgID': endpoint.tenant } : {};
}

/** Makes a small trace with every span field in use and returns the spans the SDK finished. */
export async function makeSpans(label: string): Promise<ReadableSpan[]> {
  const memory = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ ...RESOURCE_ATTRIBUTES, 'test.label': label }),
    spanProcessors: [new SimpleSpanProcessor({ exporter: memory })],
  });
  const tracer = provider.getTracer('braid-test', '0.9.1');
  const remoteParent = trace.setSpanContext(ROOT_CONTEXT, {
    traceId: randomHex(32),
    spanId: randomHex(16),
    traceFlags: TraceFlags.SAMPLED,
    traceState: new TraceState('vendor=abc,other=1'),
    isRemote: true,
  });
  const linked = tracer.startSpan('linked-producer', { kind: SpanKind.PRODUCER });
  linked.end();
  const root = tracer.startSpan(
    `GET /cart ${label}`,
    {
      kind: SpanKind.SERVER,
      attributes: {
        'http.request.method': 'GET',
        'http.response.status_code': 500,
        'http.server.duration_ratio': 1.25,
        'user.premium': false,
        'cart.item_ids': [3, 5, 8],
        'cart.prices': [1.5, 2.25],
        'cart.names': ['a', 'b'],
        'cart.flags': [true, false],
      },
      links: [{ context: linked.spanContext(), attributes: { 'link.reason': 'batch', 'link.index': 2 } }],
    },
    remoteParent,
  );
  root.addEvent('cache.miss', { 'cache.key': 'cart:42', 'cache.ttl_ms': 1500 });
  root.addEvent('retry');
  const child = tracer.startSpan('SELECT carts', { kind: SpanKind.CLIENT, attributes: { 'db.system': 'postgresql' } }, trace.setSpan(ROOT_CONTEXT, root));
  child.setStatus({ code: SpanStatusCode.OK });
  child.end();
  root.setStatus({ code: SpanStatusCode.ERROR, message: 'payment declined' });
  root.end();
  await provider.forceFlush();
  return memory.getFinishedSpans();
}

/** Sends spans through the official exporter of a transport. */
export function exportSpans(transport: Transport, endpoint: Endpoint, spans: ReadableSpan[]): Promise<void> {
  const headers = headersOf(endpoint);
  if (transport === 'grpc') return exportWith(new GrpcTraceExporter({ url: `http://${endpoint.grpcAddress}`, metadata: grpcMetadata(headers) }), spans);
  const options = { url: `${endpoint.httpUrl}/v1/traces`, headers };
  return exportWith(transport === 'http/json' ? new JsonTraceExporter(options) : new ProtoTraceExporter(options), spans);
}

/** Makes log records of every body type, some inside a span, and returns what the SDK emitted. */
export async function makeLogs(label: string): Promise<ReadableLogRecord[]> {
  const spanContext = (await makeSpans(`${label}-logs`))[0]!.spanContext();
  const memory = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ ...RESOURCE_ATTRIBUTES, 'test.label': label }),
    processors: [new SimpleLogRecordProcessor({ exporter: memory })],
  });
  const logger = provider.getLogger('braid-test-logger', '2.0.0');
  const inSpan = trace.setSpanContext(ROOT_CONTEXT, spanContext);
  logger.emit({ body: `payment declined for ${label}`, severityNumber: SeverityNumber.ERROR, severityText: 'ERROR', attributes: { 'order.id': 42, 'retry': true }, context: inSpan });
  logger.emit({ body: { user: 'ada', items: 3, price: 9.5, tags: ['x', 'y'], nested: { ok: true } }, severityNumber: SeverityNumber.INFO, severityText: 'INFO', context: inSpan });
  logger.emit({ body: 1234, severityNumber: SeverityNumber.DEBUG, eventName: 'cart.checked', timestamp: Date.now() - 5000 });
  logger.emit({ body: new Uint8Array([0, 1, 2, 254, 255]), severityNumber: SeverityNumber.WARN, attributes: { 'payload.encoding': 'binary' } });
  await provider.forceFlush();
  return memory.getFinishedLogRecords();
}

/** Sends log records through the official exporter of a transport. */
export function exportLogs(transport: Transport, endpoint: Endpoint, logs: ReadableLogRecord[]): Promise<void> {
  const headers = headersOf(endpoint);
  if (transport === 'grpc') return exportWith(new GrpcLogExporter({ url: `http://${endpoint.grpcAddress}`, metadata: grpcMetadata(headers) }), logs);
  const options = { url: `${endpoint.httpUrl}/v1/logs`, headers };
  return exportWith(transport === 'http/json' ? new JsonLogExporter(options) : new ProtoLogExporter(options), logs);
}

class CollectingReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

/** Records a counter, an up-down counter, a histogram and a gauge, and returns the collected metrics. */
export async function makeMetrics(label: string, temporality: AggregationTemporality = AggregationTemporality.CUMULATIVE): Promise<ResourceMetrics> {
  const reader = new CollectingReader({ aggregationTemporalitySelector: () => temporality });
  const provider = new MeterProvider({ resource: resourceFromAttributes({ ...RESOURCE_ATTRIBUTES, 'test.label': label }), readers: [reader] });
  const meter = provider.getMeter('braid-test-meter', '3.0.0');
  const requests = meter.createCounter('http.server.requests', { description: 'Requests served', unit: '{request}' });
  requests.add(3, { route: '/cart', code: 200 });
  requests.add(1, { route: '/cart', code: 500 });
  const inflight = meter.createUpDownCounter('http.server.active_requests', { unit: '{request}' });
  inflight.add(5);
  inflight.add(-2);
  const duration = meter.createHistogram('http.server.request.duration', { unit: 's', advice: { explicitBucketBoundaries: [0.1, 0.5, 1] } });
  for (const v of [0.05, 0.2, 0.7, 3]) duration.record(v, { route: '/cart' });
  meter.createObservableGauge('process.memory.usage', { unit: 'By' }).addCallback((result) => result.observe(123456, { pool: 'heap' }));
  const { resourceMetrics, errors } = await reader.collect();
  if (errors.length > 0) throw errors[0];
  return resourceMetrics;
}

/** Sends collected metrics through the official exporter of a transport. */
export function exportMetrics(transport: Transport, endpoint: Endpoint, metrics: ResourceMetrics): Promise<void> {
  const headers = headersOf(endpoint);
  if (transport === 'grpc') return exportWith(new GrpcMetricExporter({ url: `http://${endpoint.grpcAddress}`, metadata: grpcMetadata(headers) }), metrics);
  const options = { url: `${endpoint.httpUrl}/v1/metrics`, headers };
  return exportWith(transport === 'http/json' ? new JsonMetricExporter(options) : new ProtoMetricExporter(options), metrics);
}

function grpcMetadata(headers: Record<string, string>): Metadata {
  const metadata = new Metadata();
  for (const [k, v] of Object.entries(headers)) metadata.set(k.toLowerCase(), v);
  return metadata;
}

function randomHex(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += Math.floor(Math.random() * 16).toString(16);
  return out;
}
