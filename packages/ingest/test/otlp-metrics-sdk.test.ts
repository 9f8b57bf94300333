import { ValueType } from '@opentelemetry/api';
import { ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AggregationTemporality, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TENANT, type MetricsData } from '@braid/model';
import { decodeMetricsProtobuf } from '@braid/otlp';
import type { SamplesData } from '@braid/store';
import { createMetricsTranslator } from '../src/otlp-metrics/metrics-translator.js';
import { seriesText } from './support/otlp-metrics.js';

// Metrics made by the OpenTelemetry JS SDK, serialized by its own otlp-transformer, decoded by
// braid's codec, then translated: the names are the ones Prometheus gives the same SDK output.

class CollectingReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

/** Two collections of the same instruments: a recording, then a few more measurements. */
async function sdkExports(temporality: AggregationTemporality): Promise<MetricsData[]> {
  const reader = new CollectingReader({ aggregationTemporalitySelector: () => temporality });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': 'checkout', 'service.namespace': 'shop', 'service.instance.id': 'pod-1', 'host.name': 'h1' }),
    readers: [reader],
  });
  const meter = provider.getMeter('checkout-meter', '1.0.0');
  const route = { 'http.route': '/cart' };
  const requests = meter.createCounter('http.server.requests', { description: 'Requests served', unit: '{request}' });
  const duration = meter.createHistogram('http.server.request.duration', { unit: 's', advice: { explicitBucketBoundaries: [0.1, 0.5, 1] } });
  const active = meter.createUpDownCounter('http.server.active_requests', { unit: '{request}', valueType: ValueType.INT });
  meter.createObservableGauge('process.memory.usage', { unit: 'By' }).addCallback((result) => result.observe(123456, { pool: 'heap' }));

  const exports: MetricsData[] = [];
  const collect = async (): Promise<void> => {
    const { resourceMetrics, errors } = await reader.collect();
    if (errors.length > 0) throw errors[0];
    const decoded = decodeMetricsProtobuf(ProtobufMetricsSerializer.serializeRequest(resourceMetrics)!);
    if (!decoded.ok) throw new Error(decoded.error.message);
    exports.push(decoded.value);
  };
  requests.add(3, route);
  requests.add(2, route);
  for (const seconds of [0.05, 0.2, 0.7, 3]) duration.record(seconds, route);
  active.add(5);
  active.add(-2);
  await collect();
  // The SDK's clock has millisecond resolution: a delta ending in the same millisecond as the
  // last one would be refused as out of order.
  await new Promise((resolve) => setTimeout(resolve, 5));
  requests.add(4, route);
  duration.record(0.3, route);
  active.add(-1);
  await collect();
  await provider.shutdown();
  return exports;
}

/** Each series as text → its values, timestamps left out (they are the SDK's clock). */
function values(samples: SamplesData): Record<string, number[]> {
  return Object.fromEntries(samples.series.map((s) => [seriesText(s), [...s.values]]));
}

const IDS = 'instance="pod-1",job="shop/checkout"';
const SCOPE = 'otel_scope_name="checkout-meter",otel_scope_version="1.0.0",service_name="checkout"';
const ROUTE = `http_route="/cart",${IDS}`;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

const EXPECTED: Record<string, number[]>[] = [
  {
    [`http_server_requests_total{${ROUTE},${SCOPE}}`]: [5],
    [`http_server_request_duration_seconds_bucket{${ROUTE},le="0.1",${SCOPE}}`]: [1],
    [`http_server_request_duration_seconds_bucket{${ROUTE},le="0.5",${SCOPE}}`]: [2],
    [`http_server_request_duration_seconds_bucket{${ROUTE},le="1",${SCOPE}}`]: [3],
    [`http_server_request_duration_seconds_bucket{${ROUTE},le="+Inf",${SCOPE}}`]: [4],
    [`http_server_request_duration_seconds_sum{${ROUTE},${SCOPE}}`]: [sum([0.05, 0.2, 0.7, 3])],
    [`http_server_request_duration_seconds_count{${ROUTE},${SCOPE}}`]: [4],
    [`http_server_active_requests{${IDS},${SCOPE}}`]: [3],
    [`process_memory_usage_bytes{${IDS},${SCOPE.replace('service_name', 'pool="heap",service_name')}}`]: [123456],
    [`target_info{host_name="h1",${IDS},service_name="checkout"}`]: [1],
  },
  {
    [`http_server_requests_total{${ROUTE},${SCOPE}}`]: [9],
    [`http_server_request_duration_seconds_bucket{${ROUTE},le="0.1",${SCOPE}}`]: [1],
    [`http_server_request_duration_seconds_bucket{${ROUTE},le="0.5",${SCOPE}}`]: [3],
    [`http_server_request_duration_seconds_bucket{${ROUTE},le="1",${SCOPE}}`]: [4],
    [`http_server_request_duration_seconds_bucket{${ROUTE},le="+Inf",${SCOPE}}`]: [5],
    [`http_server_request_duration_seconds_sum{${ROUTE},${SCOPE}}`]: [sum([0.05, 0.2, 0.7, 3, 0.3])],
    [`http_server_request_duration_seconds_count{${ROUTE},${SCOPE}}`]: [5],
    [`http_server_active_requests{${IDS},${SCOPE}}`]: [2],
    [`process_memory_usage_bytes{${IDS},${SCOPE.replace('service_name', 'pool="heap",service_name')}}`]: [123456],
    [`target_info{host_name="h1",${IDS},service_name="checkout"}`]: [1],
  },
];

describe.each([
  { name: 'cumulative', temporality: AggregationTemporality.CUMULATIVE },
  { name: 'delta', temporality: AggregationTemporality.DELTA },
])('OpenTelemetry JS SDK metrics, $name temporality', ({ temporality }) => {
  it('translate to the Prometheus series of the same instruments, deltas summed across exports', async () => {
    const translate = createMetricsTranslator();
    const translations = (await sdkExports(temporality)).map((data) => translate(DEFAULT_TENANT, data));
    expect(translations.map((t) => t.errors)).toEqual([[], []]);
    expect(translations.map((t) => values(t.samples))).toEqual(EXPECTED);
  });

  it('describe each family once with its Prometheus type, unit and help', async () => {
    const [first] = await sdkExports(temporality);
    expect(createMetricsTranslator()(DEFAULT_TENANT, first!).samples.metadata).toEqual([
      { metricFamilyName: 'http_server_requests_total', type: 'counter', help: 'Requests served', unit: '' },
      { metricFamilyName: 'http_server_request_duration_seconds', type: 'histogram', help: '', unit: 'seconds' },
      { metricFamilyName: 'http_server_active_requests', type: 'gauge', help: '', unit: '' },
      { metricFamilyName: 'process_memory_usage_bytes', type: 'gauge', help: '', unit: 'bytes' },
      { metricFamilyName: 'target_info', type: 'gauge', help: 'Target metadata', unit: '' },
    ]);
  });
});
