import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { beforeAll, describe, expect, it } from 'vitest';
import { toHex, type Span, type TracesData } from '@braid/model';
import { decodeTracesJson, decodeTracesProtobuf } from '@braid/otlp';
import { REMOTE_PARENT, RESOURCE_OTLP, RESOURCE_SCHEMA_URL, ROOT_OTLP, SCOPE_SCHEMA_URL, idBytes, makeSpans, nanos } from './support/sdk-telemetry.js';

// Spans made by the OpenTelemetry JS SDK and serialized by its own otlp-transformer, in both encodings.

const ENCODINGS = [
  { name: 'protobuf', decode: (spans: ReadableSpan[]) => decodeTracesProtobuf(ProtobufTraceSerializer.serializeRequest(spans)!) },
  { name: 'JSON', decode: (spans: ReadableSpan[]) => decodeTracesJson(new TextDecoder().decode(JsonTraceSerializer.serializeRequest(spans)!)) },
];

describe.each(ENCODINGS)('SDK spans in $name', ({ decode }) => {
  let sent: ReadableSpan[];
  let data: TracesData;
  const span = (name: string): Span => {
    const found = data.resourceSpans[0]!.scopeSpans[0]!.spans.find((s) => s.name === name);
    if (!found) throw new Error(`no span ${name}`);
    return found;
  };
  const sdkSpan = (name: string): ReadableSpan => sent.find((s) => s.name === name)!;

  beforeAll(async () => {
    sent = await makeSpans();
    const result = decode(sent);
    if (!result.ok) throw new Error(result.error.message);
    data = result.value;
  });

  it('keeps the resource and scope with their schema URLs', () => {
    expect(data.resourceSpans).toHaveLength(1);
    const rs = data.resourceSpans[0]!;
    expect(rs.resource).toEqual({ attributes: RESOURCE_OTLP, droppedAttributesCount: 0 });
    expect(rs.schemaUrl).toBe(RESOURCE_SCHEMA_URL);
    expect(rs.scopeSpans).toHaveLength(1);
    expect(rs.scopeSpans[0]!.scope).toEqual({ name: 'otlp-test', version: '0.9.1', attributes: [], droppedAttributesCount: 0 });
    expect(rs.scopeSpans[0]!.schemaUrl).toBe(SCOPE_SCHEMA_URL);
    expect(rs.scopeSpans[0]!.spans.map((s) => s.name)).toEqual(sent.map((s) => s.name));
  });

  it('decodes ids, parent, trace state, flags, kind and times of the root span', () => {
    const root = span('GET /cart');
    const sdk = sdkSpan('GET /cart');
    expect(toHex(root.traceId)).toBe(REMOTE_PARENT.traceId);
    expect(toHex(root.spanId)).toBe(sdk.spanContext().spanId);
    expect(root.parentSpanId).toEqual(idBytes(REMOTE_PARENT.spanId));
    expect(root.traceState).toBe(REMOTE_PARENT.traceState);
    // W3C sampled bit, plus "has is_remote" and "parent is remote".
    expect(root.flags).toBe(0x01 | 0x100 | 0x200);
    expect(root.kind).toBe(2);
    expect(root.startTimeUnixNano).toBe(nanos(sdk.startTime));
    expect(root.endTimeUnixNano).toBe(nanos(sdk.endTime));
  });

  it('keeps attribute types: int, double, bool, string and arrays', () => {
    expect(span('GET /cart').attributes).toEqual(ROOT_OTLP);
  });

  it('decodes events with their times and attributes, counting dropped attributes', () => {
    const root = span('GET /cart');
    const sdk = sdkSpan('GET /cart');
    expect(root.events).toEqual([
      { timeUnixNano: nanos(sdk.events[0]!.time), name: 'cache.miss', attributes: [{ key: 'cache.key', value: 'cart:42' }, { key: 'cache.ttl_ms', value: 1500n }], droppedAttributesCount: 1 },
      { timeUnixNano: nanos(sdk.events[1]!.time), name: 'retry', attributes: [], droppedAttributesCount: 0 },
    ]);
    expect(root.droppedEventsCount).toBe(0);
  });

  it('decodes links with ids, trace state, flags and dropped counts', () => {
    const root = span('GET /cart');
    const producer = span('linked-producer');
    expect(root.links).toEqual([
      { traceId: producer.traceId, spanId: producer.spanId, traceState: '', attributes: [{ key: 'link.reason', value: 'batch' }], droppedAttributesCount: 1, flags: 0x01 | 0x100 },
    ]);
    expect(root.droppedLinksCount).toBe(1);
  });

  it('decodes statuses', () => {
    expect(span('GET /cart').status).toEqual({ code: 2, message: 'payment declined' });
    expect(span('SELECT carts').status).toEqual({ code: 1, message: '' });
    expect(span('internal').status).toEqual({ code: 0, message: '' });
  });

  it('maps SDK kinds to OTLP kinds (the SDK has no UNSPECIFIED)', () => {
    expect(['internal', 'GET /cart', 'SELECT carts', 'linked-producer', 'overflow'].map((name) => span(name).kind)).toEqual([1, 2, 3, 4, 5]);
  });

  it('counts dropped attributes and events', () => {
    const overflow = span('overflow');
    expect(overflow.attributes).toHaveLength(12);
    expect(overflow.droppedAttributesCount).toBe(2);
    expect(overflow.events.map((e) => e.name)).toEqual(['event.2', 'event.3', 'event.4']);
    expect(overflow.droppedEventsCount).toBe(2);
  });

  it('links children to their parent within the trace', () => {
    const root = span('GET /cart');
    const child = span('SELECT carts');
    expect(child.traceId).toEqual(root.traceId);
    expect(child.parentSpanId).toEqual(root.spanId);
    expect(child.flags).toBe(0x01 | 0x100);
    expect(span('linked-producer').parentSpanId).toBeUndefined();
    expect(toHex(span('linked-producer').spanId)).toBe(sdkSpan('linked-producer').spanContext().spanId);
    expect(span('linked-producer').startTimeUnixNano).toBe(1_700_000_000_123_456_789n);
    expect(span('linked-producer').endTimeUnixNano).toBe(1_700_000_001_000_000_005n);
  });
});

describe('the same SDK spans in protobuf and JSON', () => {
  it('decode to equal data', async () => {
    const spans = await makeSpans();
    const fromProtobuf = decodeTracesProtobuf(ProtobufTraceSerializer.serializeRequest(spans)!);
    const fromJson = decodeTracesJson(new TextDecoder().decode(JsonTraceSerializer.serializeRequest(spans)!));
    expect(fromProtobuf.ok).toBe(true);
    expect(fromJson).toEqual(fromProtobuf);
  });
});
