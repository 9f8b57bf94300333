import { randomBytes } from 'node:crypto';
import { credentials, makeGenericClientConstructor, type ServiceError } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TENANT, labelValue, toHex, unixNano, type MetricsData, type SpanId, type TraceId } from '@braid/model';
import { encodeMetricsJson, encodeMetricsProtobuf } from '@braid/otlp';
import { startTestBraid, type BraidHarness } from './support/braid-harness.js';

// The official JS SDK records no exemplars (sdk-metrics 2.x has no exemplar reservoir), so these
// payloads are built by hand and sent over each OTLP transport the way a Collector would send them.

let harness: BraidHarness;
beforeAll(async () => {
  harness = await startTestBraid();
});
afterAll(async () => harness?.dispose());

const NOW_MS = Date.now();
const ns = (ms: number) => unixNano(BigInt(ms) * 1_000_000n);

function exemplarMetrics(job: string, traceId: TraceId, spanId: SpanId): MetricsData {
  const base = { startTimeUnixNano: ns(NOW_MS - 60_000), timeUnixNano: ns(NOW_MS), flags: 0 };
  return {
    resourceMetrics: [
      {
        resource: { attributes: [{ key: 'service.name', value: job }], droppedAttributesCount: 0 },
        schemaUrl: '',
        scopeMetrics: [
          {
            scope: { name: 'manual', version: '', attributes: [], droppedAttributesCount: 0 },
            schemaUrl: '',
            metrics: [
              {
                name: 'rpc.duration',
                description: 'RPC latency',
                unit: 's',
                metadata: [],
                data: {
                  type: 'histogram',
                  aggregationTemporality: 2,
                  dataPoints: [
                    {
                      ...base,
                      attributes: [{ key: 'method', value: 'Pay' }],
                      count: 3n,
                      sum: 2.7,
                      bucketCounts: [1n, 1n, 1n],
                      explicitBounds: [0.1, 1],
                      min: 0.05,
                      max: 2,
                      exemplars: [
                        { filteredAttributes: [{ key: 'user.tier', value: 'gold' }], timeUnixNano: ns(NOW_MS - 1_000), value: 2, traceId, spanId },
                        { filteredAttributes: [], timeUnixNano: ns(NOW_MS - 2_000), value: 0.05, traceId: undefined, spanId: undefined },
                      ],
                    },
                  ],
                },
              },
              {
                name: 'rpc.calls',
                description: '',
                unit: '',
                metadata: [],
                data: {
                  type: 'sum',
                  aggregationTemporality: 2,
                  isMonotonic: true,
                  dataPoints: [
                    { ...base, attributes: [], value: 3n, exemplars: [{ filteredAttributes: [], timeUnixNano: ns(NOW_MS - 500), value: 1n, traceId, spanId }] },
                  ],
                },
              },
            ],
          },
        ],
      },
    ],
  };
}

const MetricsClient = makeGenericClientConstructor(
  {
    Export: {
      path: '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export',
      requestStream: false,
      responseStream: false,
      requestSerialize: (b: Buffer) => b,
      requestDeserialize: (b: Buffer) => b,
      responseSerialize: (b: Buffer) => b,
      responseDeserialize: (b: Buffer) => b,
    },
  },
  'MetricsService',
);

async function send(transport: string, data: MetricsData): Promise<void> {
  if (transport === 'grpc') {
    const client = new MetricsClient(harness.grpcAddress, credentials.createInsecure());
    const error = await new Promise<ServiceError | null>((resolve) =>
      (client as unknown as { Export: (b: Buffer, cb: (e: ServiceError | null) => void) => void }).Export(Buffer.from(encodeMetricsProtobuf(data)), (e) => resolve(e)),
    );
    client.close();
    expect(error).toBeNull();
    return;
  }
  const json = transport === 'http/json';
  const response = await fetch(`${harness.httpUrl}/v1/metrics`, {
    method: 'POST',
    headers: { 'content-type': json ? 'application/json' : 'application/x-protobuf' },
    body: json ? JSON.stringify(encodeMetricsJson(data)) : encodeMetricsProtobuf(data),
  });
  await response.arrayBuffer();
  expect(response.status).toBe(200);
}

describe.each(['http/protobuf', 'http/json', 'grpc'])('exemplars over OTLP %s', (transport) => {
  it('keeps each exemplar on its bucket or counter series with its trace and span id', async () => {
    const job = `exemplars-${transport.replace('/', '-')}`;
    const traceId = randomBytes(16) as unknown as TraceId;
    const spanId = randomBytes(8) as unknown as SpanId;
    await send(transport, exemplarMetrics(job, traceId, spanId));

    const exemplars = await harness.braid.store.readExemplars(DEFAULT_TENANT, {
      matchers: [{ name: 'job', op: '=', value: job }],
      startMs: NOW_MS - 10_000,
      endMs: NOW_MS,
    });
    const summary = exemplars
      .map((e) => ({
        series: labelValue(e.seriesLabels, '__name__'),
        le: labelValue(e.seriesLabels, 'le'),
        labels: e.labels,
        traceId: e.traceId ? toHex(e.traceId) : '',
        spanId: e.spanId ? toHex(e.spanId) : '',
        timestampMs: e.timestampMs,
        value: e.value,
      }))
      .sort((a, b) => a.timestampMs - b.timestampMs);
    const ids = { traceId: toHex(traceId), spanId: toHex(spanId) };
    expect(summary).toEqual([
      { series: 'rpc_duration_seconds_bucket', le: '0.1', labels: [], traceId: '', spanId: '', timestampMs: NOW_MS - 2_000, value: 0.05 },
      { series: 'rpc_duration_seconds_bucket', le: '+Inf', labels: [{ name: 'user_tier', value: 'gold' }], ...ids, timestampMs: NOW_MS - 1_000, value: 2 },
      { series: 'rpc_calls_total', le: '', labels: [], ...ids, timestampMs: NOW_MS - 500, value: 1 },
    ]);
  });
});
