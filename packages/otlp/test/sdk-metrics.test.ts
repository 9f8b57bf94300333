import { JsonMetricsSerializer, ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { AggregationTemporality, type ExponentialHistogram, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Metric, MetricsData } from '@braid/model';
import { decodeMetricsJson, decodeMetricsProtobuf } from '@braid/otlp';
import { RESOURCE_OTLP, RESOURCE_SCHEMA_URL, SCOPE_SCHEMA_URL, makeMetrics, nanos } from './support/sdk-telemetry.js';

// Metrics collected by the OpenTelemetry JS SDK and serialized by its own otlp-transformer.

const CASES = [
  { encoding: 'protobuf', temporality: AggregationTemporality.CUMULATIVE, otlpTemporality: 2 },
  { encoding: 'JSON', temporality: AggregationTemporality.CUMULATIVE, otlpTemporality: 2 },
  { encoding: 'protobuf', temporality: AggregationTemporality.DELTA, otlpTemporality: 1 },
  { encoding: 'JSON', temporality: AggregationTemporality.DELTA, otlpTemporality: 1 },
] as const;

function decode(encoding: 'protobuf' | 'JSON', metrics: ResourceMetrics) {
  if (encoding === 'protobuf') return decodeMetricsProtobuf(ProtobufMetricsSerializer.serializeRequest(metrics)!);
  return decodeMetricsJson(new TextDecoder().decode(JsonMetricsSerializer.serializeRequest(metrics)!));
}

describe.each(CASES)('SDK metrics in $encoding, temporality $otlpTemporality', ({ encoding, temporality, otlpTemporality }) => {
  let sent: ResourceMetrics;
  let data: MetricsData;
  const metric = (name: string): Metric => {
    const found = data.resourceMetrics[0]!.scopeMetrics[0]!.metrics.find((m) => m.name === name);
    if (!found) throw new Error(`no metric ${name}`);
    return found;
  };
  const sdkPoint = (name: string, index = 0) => sent.scopeMetrics[0]!.metrics.find((m) => m.descriptor.name === name)!.dataPoints[index]!;

  beforeAll(async () => {
    sent = await makeMetrics(temporality);
    const result = decode(encoding, sent);
    if (!result.ok) throw new Error(result.error.message);
    data = result.value;
  });

  it('keeps the resource, the scope and schema URLs', () => {
    expect(data.resourceMetrics).toHaveLength(1);
    expect(data.resourceMetrics[0]!.resource).toEqual({ attributes: RESOURCE_OTLP, droppedAttributesCount: 0 });
    expect(data.resourceMetrics[0]!.schemaUrl).toBe(RESOURCE_SCHEMA_URL);
    const scope = data.resourceMetrics[0]!.scopeMetrics[0]!;
    expect(scope.scope).toEqual({ name: 'otlp-test-meter', version: '3.0.0', attributes: [], droppedAttributesCount: 0 });
    expect(scope.schemaUrl).toBe(SCOPE_SCHEMA_URL);
  });

  it('decodes a double counter as a monotonic sum with as_double points', () => {
    // Each attribute set starts when it is first recorded, so the two points may differ by a millisecond.
    const [ok, failed] = [sdkPoint('http.server.requests', 0), sdkPoint('http.server.requests', 1)];
    expect(metric('http.server.requests')).toEqual({
      name: 'http.server.requests',
      description: 'Requests served',
      unit: '{request}',
      metadata: [],
      data: {
        type: 'sum',
        aggregationTemporality: otlpTemporality,
        isMonotonic: true,
        dataPoints: [
          { attributes: [{ key: 'route', value: '/cart' }, { key: 'code', value: 200n }], startTimeUnixNano: nanos(ok.startTime), timeUnixNano: nanos(ok.endTime), flags: 0, value: 3, exemplars: [] },
          { attributes: [{ key: 'route', value: '/cart' }, { key: 'code', value: 500n }], startTimeUnixNano: nanos(failed.startTime), timeUnixNano: nanos(failed.endTime), flags: 0, value: 1.5, exemplars: [] },
        ],
      },
    });
  });

  it('decodes int instruments as as_int (bigint) points, negative included', () => {
    const bytes = metric('bytes.sent').data;
    expect(bytes.type === 'sum' && bytes.dataPoints.map((p) => p.value)).toEqual([9_007_199_254n]);
    const inflight = metric('http.server.active_requests').data;
    expect(inflight).toMatchObject({ type: 'sum', isMonotonic: false, aggregationTemporality: otlpTemporality });
    expect(inflight.type === 'sum' && inflight.dataPoints.map((p) => p.value)).toEqual([-2n]);
  });

  it('decodes an explicit-bucket histogram with counts, bounds, sum, min and max', () => {
    const point = sdkPoint('http.server.request.duration');
    const expectedSum = [0.05, 0.2, 0.7, 3].reduce((a, b) => a + b, 0);
    expect(metric('http.server.request.duration').data).toEqual({
      type: 'histogram',
      aggregationTemporality: otlpTemporality,
      dataPoints: [
        {
          attributes: [{ key: 'route', value: '/cart' }],
          startTimeUnixNano: nanos(point.startTime),
          timeUnixNano: nanos(point.endTime),
          flags: 0,
          count: 4n,
          sum: expectedSum,
          bucketCounts: [1n, 1n, 1n, 1n],
          explicitBounds: [0.1, 0.5, 1],
          exemplars: [],
          min: 0.05,
          max: 3,
        },
      ],
    });
  });

  it('decodes an exponential histogram with scale, zero count and bucket ranges', () => {
    const point = sdkPoint('rpc.duration');
    const sdk = point.value as ExponentialHistogram;
    const data = metric('rpc.duration').data;
    expect(data.type).toBe('exponentialHistogram');
    if (data.type !== 'exponentialHistogram') return;
    expect(data.aggregationTemporality).toBe(otlpTemporality);
    expect(data.dataPoints).toEqual([
      {
        attributes: [],
        startTimeUnixNano: nanos(point.startTime),
        timeUnixNano: nanos(point.endTime),
        flags: 0,
        count: 7n,
        sum: sdk.sum,
        scale: sdk.scale,
        zeroCount: 1n,
        positive: { offset: sdk.positive.offset, bucketCounts: sdk.positive.bucketCounts.map(BigInt) },
        negative: { offset: 0, bucketCounts: [] },
        exemplars: [],
        min: 0,
        max: 1000,
        zeroThreshold: 0,
      },
    ]);
    expect(sdk.positive.bucketCounts.reduce((a, b) => a + b, 0)).toBe(6);
  });

  it('decodes an observable gauge', () => {
    const point = sdkPoint('process.memory.usage');
    expect(metric('process.memory.usage').data).toEqual({
      type: 'gauge',
      dataPoints: [{ attributes: [{ key: 'pool', value: 'heap' }], startTimeUnixNano: nanos(point.startTime), timeUnixNano: nanos(point.endTime), flags: 0, value: 123456.5, exemplars: [] }],
    });
  });
});
