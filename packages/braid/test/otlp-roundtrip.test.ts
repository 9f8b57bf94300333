import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TENANT, labelValue, type TenantId } from '@braid/model';
import { decodeTracesProtobuf } from '@braid/otlp';
import { startTestBraid, type BraidHarness } from './support/braid-harness.js';
import { canonicalLog, canonicalSdkLog, canonicalSdkSpan, canonicalSpan, type CanonicalSpan } from './support/canonical.js';
import { TRANSPORTS, exportLogs, exportMetrics, exportSpans, makeLogs, makeMetrics, makeSpans, type Transport } from './support/sdk-telemetry.js';

let harness: BraidHarness;
beforeAll(async () => {
  harness = await startTestBraid();
});
afterAll(async () => harness?.dispose());

/** Reads a trace through the Tempo API in protobuf and puts it in canonical form. */
async function readTrace(traceIdHex: string, tenant?: string): Promise<CanonicalSpan[] | number> {
  const response = await fetch(`${harness.httpUrl}/api/traces/${traceIdHex}`, {
    headers: { accept: 'application/protobuf', ...(tenant && { 'x-scope-orgid': tenant }) },
  });
  if (response.status !== 200) return response.status;
  const decoded = decodeTracesProtobuf(new Uint8Array(await response.arrayBuffer()));
  if (!decoded.ok) throw new Error(decoded.error.message);
  return decoded.value.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans.map((s) => canonicalSpan(s, rs.resource, ss.scope))));
}

const bySpanId = (a: { spanId: string }, b: { spanId: string }) => a.spanId.localeCompare(b.spanId);

describe.each(TRANSPORTS)('OTLP over %s through the official exporter', (transport: Transport) => {
  const endpoint = () => ({ httpUrl: harness.httpUrl, grpcAddress: harness.grpcAddress });

  it('stores spans and returns every field as sent', async () => {
    const sent = await makeSpans(transport);
    await exportSpans(transport, endpoint(), sent);
    const traceIds = [...new Set(sent.map((s) => s.spanContext().traceId))];
    expect(traceIds).toHaveLength(2);
    for (const traceId of traceIds) {
      const expected = sent.filter((s) => s.spanContext().traceId === traceId).map(canonicalSdkSpan).sort(bySpanId);
      const read = await readTrace(traceId);
      expect(read).not.toBeTypeOf('number');
      expect((read as CanonicalSpan[]).sort(bySpanId)).toEqual(expected);
    }
  });

  it('stores log records of every body type with their trace context', async () => {
    const sent = await makeLogs(transport);
    await exportLogs(transport, endpoint(), sent);
    const entries = await harness.braid.store.searchLogs(DEFAULT_TENANT, {
      matchers: [{ name: 'service_name', op: '=', value: 'checkout' }],
      limit: 1000,
      direction: 'forward',
    });
    const read = entries
      .filter((e) => e.resource.attributes.some((kv) => kv.key === 'test.label' && kv.value === transport))
      .map((e) => canonicalLog(e.record, e.resource, e.scope));
    const expected = sent.map(canonicalSdkLog);
    const byTime = (a: { time: string; severityNumber: number }, b: { time: string; severityNumber: number }) =>
      a.time.localeCompare(b.time) || a.severityNumber - b.severityNumber;
    expect(read.sort(byTime)).toEqual(expected.sort(byTime));
    expect(read.filter((r) => r.traceId !== '')).toHaveLength(2);
  });

  it('stores metrics as Prometheus series with the values the SDK collected', async () => {
    const collected = await makeMetrics(transport);
    await exportMetrics(transport, endpoint(), collected);
    const store = harness.braid.store;
    // Resource attributes are not labels by default: select through job/instance instead.
    const selectByInstance = async (name: string) =>
      (await store.readSamples(DEFAULT_TENANT, { matchers: [{ name: '__name__', op: '=', value: name }], startMs: 0, endMs: Date.now() + 60_000 })).filter(
        (s) => labelValue(s.labels, 'job') === 'checkout' && labelValue(s.labels, 'instance') === 'checkout-7f9c',
      );
    const requests = await selectByInstance('http_server_requests_total');
    const requestValue = (code: string) => requests.filter((s) => labelValue(s.labels, 'code') === code).map((s) => [...s.values]);
    expect(requestValue('200').flat()).toContain(3);
    expect(requestValue('500').flat()).toContain(1);
    const point = collected.scopeMetrics[0]!.metrics.find((m) => m.descriptor.name === 'http.server.requests')!.dataPoints[0]!;
    const pointMs = point.endTime[0] * 1000 + Math.floor(point.endTime[1] / 1_000_000);
    expect(requests.flatMap((s) => [...s.timestampsMs])).toContain(pointMs);

    const buckets = await selectByInstance('http_server_request_duration_seconds_bucket');
    const bucket = (le: string) => buckets.find((s) => labelValue(s.labels, 'le') === le)?.values.at(-1);
    expect([bucket('0.1'), bucket('0.5'), bucket('1'), bucket('+Inf')]).toEqual([1, 2, 3, 4]);
    expect((await selectByInstance('http_server_request_duration_seconds_count'))[0]?.values.at(-1)).toBe(4);
    expect((await selectByInstance('http_server_request_duration_seconds_sum'))[0]?.values.at(-1)).toBeCloseTo(3.95, 10);
    expect((await selectByInstance('http_server_active_requests'))[0]?.values.at(-1)).toBe(3);
    expect((await selectByInstance('process_memory_usage_bytes'))[0]?.values.at(-1)).toBe(123456);
  });
});

describe('tenancy over OTLP', () => {
  it('keeps a tenant’s trace invisible to other tenants', async () => {
    const tenant = 'team-a' as TenantId;
    const sent = await makeSpans('tenant');
    await exportSpans('http/protobuf', { httpUrl: harness.httpUrl, grpcAddress: harness.grpcAddress, tenant }, sent);
    const traceId = sent[sent.length - 1]!.spanContext().traceId;
    expect(await readTrace(traceId)).toBe(404);
    expect(await readTrace(traceId, 'team-b')).toBe(404);
    const read = await readTrace(traceId, tenant);
    expect(read).not.toBeTypeOf('number');
    expect((read as CanonicalSpan[]).length).toBeGreaterThan(0);
  });
});
