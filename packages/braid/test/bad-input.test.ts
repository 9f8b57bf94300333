import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { credentials, makeGenericClientConstructor, Metadata, status as grpcStatus, type ServiceError } from '@grpc/grpc-js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBraid, type BraidHarness } from './support/braid-harness.js';

const MAX_REQUEST = 256 * 1024;
const MAX_DECOMPRESSED = 1024 * 1024;

let harness: BraidHarness;
beforeAll(async () => {
  harness = await startTestBraid(['--max-request-bytes', String(MAX_REQUEST), '--max-decompressed-bytes', String(MAX_DECOMPRESSED)]);
});
afterAll(async () => harness?.dispose());

function goodExport(traceId: string): string {
  const now = String(BigInt(Date.now()) * 1_000_000n);
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'bad-input-neighbour' } }] },
        scopeSpans: [{ spans: [{ traceId, spanId: randomBytes(8).toString('hex'), name: 'ok', startTimeUnixNano: now, endTimeUnixNano: now }] }],
      },
    ],
  });
}

/** A valid protobuf export (one span) built by hand, to truncate and corrupt. */
function protobufExport(): Buffer {
  const field = (no: number, wire: number) => Buffer.from([(no << 3) | wire]);
  const len = (no: number, body: Buffer) => Buffer.concat([field(no, 2), varint(body.length), body]);
  const span = Buffer.concat([len(1, randomBytes(16)), len(2, randomBytes(8)), len(5, Buffer.from('op'))]);
  return len(1, len(2, len(2, span)));
}

function varint(n: number): Buffer {
  const out: number[] = [];
  while (n > 127) {
    out.push((n & 127) | 128);
    n >>>= 7;
  }
  out.push(n);
  return Buffer.from(out);
}

interface BadCase {
  readonly name: string;
  readonly path?: string;
  readonly headers: Record<string, string>;
  readonly body: () => Buffer | string;
  readonly status: number;
  readonly message: RegExp;
}

const protobuf = { 'content-type': 'application/x-protobuf' };
const json = { 'content-type': 'application/json' };
const span = (traceId: string) => goodExport(traceId);

const CASES: readonly BadCase[] = [
  { name: 'truncated protobuf', headers: protobuf, body: () => protobufExport().subarray(0, 20), status: 400, message: /truncated|length|end of/i },
  { name: 'garbage protobuf', headers: protobuf, body: () => Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]), status: 400, message: /invalid OTLP traces protobuf/ },
  { name: 'invalid JSON', headers: json, body: () => '{"resourceSpans": [', status: 400, message: /JSON/ },
  { name: 'JSON of the wrong shape', headers: json, body: () => '{"resourceSpans": 7}', status: 400, message: /resourceSpans/ },
  { name: 'bad trace id', headers: json, body: () => span('not-hex'), status: 400, message: /traceId/i },
  { name: 'short span id', headers: json, body: () => span(randomBytes(16).toString('hex')).replace(/"spanId":"[0-9a-f]+"/, '"spanId":"abcd"'), status: 400, message: /spanId/i },
  { name: 'wrong content type', headers: { 'content-type': 'text/plain' }, body: () => 'hello', status: 415, message: /Content-Type/ },
  { name: 'missing content type', headers: {}, body: () => 'hello', status: 415, message: /Content-Type/ },
  { name: 'unsupported content encoding', headers: { ...json, 'content-encoding': 'br' }, body: () => 'x', status: 415, message: /Content-Encoding/ },
  { name: 'corrupt gzip', headers: { ...json, 'content-encoding': 'gzip' }, body: () => Buffer.from('definitely not gzip'), status: 400, message: /gzip/ },
  { name: 'body over the size limit', headers: json, body: () => 'x'.repeat(MAX_REQUEST + 1), status: 413, message: /too large/i },
  { name: 'gzip bomb', headers: { ...json, 'content-encoding': 'gzip' }, body: () => gzipSync(Buffer.alloc(MAX_DECOMPRESSED * 8, 0x20)), status: 413, message: /decompressed body exceeds/ },
  { name: 'invalid tenant', headers: { ...json, 'x-scope-orgid': 'a/b' }, body: () => span(randomBytes(16).toString('hex')), status: 400, message: /X-Scope-OrgID/ },
  { name: 'invalid trace id on read', path: 'GET /api/traces/zz-not-an-id', headers: {}, body: () => '', status: 400, message: /trace id/ },
];

async function send(c: BadCase): Promise<{ status: number; text: string }> {
  const [method, path] = (c.path ?? 'POST /v1/traces').split(' ') as [string, string];
  const response = await fetch(`${harness.httpUrl}${path}`, { method, headers: c.headers, ...(method === 'POST' && { body: c.body() }) });
  return { status: response.status, text: await response.text() };
}

describe('bad input over OTLP/HTTP', () => {
  it.each(CASES)('$name → $status naming the problem', async (c) => {
    const { status, text } = await send(c);
    expect(status).toBe(c.status);
    expect(text).toMatch(c.message);
    expect((await fetch(`${harness.httpUrl}/healthz`)).status).toBe(200);
  });

  it('commits good requests that arrive beside bad ones', async () => {
    const ids = Array.from({ length: 30 }, () => randomBytes(16).toString('hex'));
    const good = ids.map((id) => fetch(`${harness.httpUrl}/v1/traces`, { method: 'POST', headers: json, body: goodExport(id) }).then((r) => r.status));
    const bad = CASES.filter((c) => !c.path).map((c) => send(c).then((r) => r.status));
    const [goodStatuses, badStatuses] = await Promise.all([Promise.all(good), Promise.all(bad)]);
    expect(goodStatuses.every((s) => s === 200)).toBe(true);
    expect(badStatuses.every((s) => s >= 400 && s < 500)).toBe(true);
    const reads = await Promise.all(ids.map((id) => fetch(`${harness.httpUrl}/api/traces/${id}`).then((r) => r.status)));
    expect(reads.every((s) => s === 200)).toBe(true);
  });

  it('answers random bodies with 200 or a 4xx, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 512 }), fc.constantFrom('application/x-protobuf', 'application/json'), async (body, type) => {
        const response = await fetch(`${harness.httpUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': type }, body });
        await response.arrayBuffer();
        expect(response.status === 200 || (response.status >= 400 && response.status < 500)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});

describe('bad input over OTLP/gRPC', () => {
  const Client = makeGenericClientConstructor(
    {
      Export: {
        path: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
        requestStream: false,
        responseStream: false,
        requestSerialize: (b: Buffer) => b,
        requestDeserialize: (b: Buffer) => b,
        responseSerialize: (b: Buffer) => b,
        responseDeserialize: (b: Buffer) => b,
      },
    },
    'TraceService',
  );

  function exportRaw(body: Buffer, metadata = new Metadata()): Promise<ServiceError | undefined> {
    const client = new Client(harness.grpcAddress, credentials.createInsecure());
    return new Promise((resolve) => {
      (client as unknown as { Export: (b: Buffer, m: Metadata, cb: (e: ServiceError | null) => void) => void }).Export(body, metadata, (error) => {
        client.close();
        resolve(error ?? undefined);
      });
    });
  }

  it('answers a truncated payload with INVALID_ARGUMENT naming the problem', async () => {
    const error = await exportRaw(protobufExport().subarray(0, 20));
    expect(error?.code).toBe(grpcStatus.INVALID_ARGUMENT);
    expect(error?.details).toMatch(/invalid OTLP traces protobuf/);
  });

  it('answers an invalid tenant with INVALID_ARGUMENT', async () => {
    const metadata = new Metadata();
    metadata.set('x-scope-orgid', 'a/b');
    const error = await exportRaw(protobufExport(), metadata);
    expect(error?.code).toBe(grpcStatus.INVALID_ARGUMENT);
  });

  it('accepts a valid payload', async () => {
    expect(await exportRaw(protobufExport())).toBeUndefined();
  });
});
