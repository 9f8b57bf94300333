import { JsonLogsSerializer, ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LogRecord, LogsData } from '@braid/model';
import { decodeLogsJson, decodeLogsProtobuf } from '@braid/otlp';
import { RESOURCE_OTLP, RESOURCE_SCHEMA_URL, SCOPE_SCHEMA_URL, idBytes, makeLogs, makeSpans, nanos } from './support/sdk-telemetry.js';

// Log records made by the OpenTelemetry JS SDK and serialized by its own otlp-transformer, in both encodings.

const ENCODINGS = [
  { name: 'protobuf', decode: (logs: ReadableLogRecord[]) => decodeLogsProtobuf(ProtobufLogsSerializer.serializeRequest(logs)!) },
  { name: 'JSON', decode: (logs: ReadableLogRecord[]) => decodeLogsJson(new TextDecoder().decode(JsonLogsSerializer.serializeRequest(logs)!)) },
];

describe.each(ENCODINGS)('SDK log records in $name', ({ decode }) => {
  let sent: ReadableLogRecord[];
  let data: LogsData;
  let records: readonly LogRecord[];
  let context: { traceId: string; spanId: string };

  beforeAll(async () => {
    const span = (await makeSpans()).find((s) => s.name === 'SELECT carts')!;
    context = span.spanContext();
    sent = await makeLogs(span.spanContext());
    const result = decode(sent);
    if (!result.ok) throw new Error(result.error.message);
    data = result.value;
    records = data.resourceLogs[0]!.scopeLogs[0]!.logRecords;
  });

  it('keeps the resource, the scope with its attributes, and schema URLs', () => {
    expect(data.resourceLogs).toHaveLength(1);
    expect(data.resourceLogs[0]!.resource).toEqual({ attributes: RESOURCE_OTLP, droppedAttributesCount: 0 });
    expect(data.resourceLogs[0]!.schemaUrl).toBe(RESOURCE_SCHEMA_URL);
    const scopeLogs = data.resourceLogs[0]!.scopeLogs;
    expect(scopeLogs).toHaveLength(1);
    expect(scopeLogs[0]!.scope).toEqual({ name: 'otlp-test-logger', version: '2.0.0', attributes: [{ key: 'logger.kind', value: 'test' }], droppedAttributesCount: 0 });
    expect(scopeLogs[0]!.schemaUrl).toBe(SCOPE_SCHEMA_URL);
  });

  it('decodes a record inside a span with its trace context and flags', () => {
    expect(records[0]).toEqual({
      timeUnixNano: nanos(sent[0]!.hrTime),
      observedTimeUnixNano: nanos(sent[0]!.hrTimeObserved),
      severityNumber: 17,
      severityText: 'ERROR',
      body: 'payment declined',
      attributes: [
        { key: 'order.id', value: 42n },
        { key: 'retry', value: true },
      ],
      droppedAttributesCount: 0,
      flags: 1,
      traceId: idBytes(context.traceId),
      spanId: idBytes(context.spanId),
      eventName: '',
    });
  });

  it('decodes a structured body as a kvlist keeping value types', () => {
    expect(records[1]!.body).toEqual({
      kvlist: [
        { key: 'user', value: 'ada' },
        { key: 'items', value: 3n },
        { key: 'price', value: 9.5 },
        { key: 'tags', value: ['x', 'y'] },
        { key: 'nested', value: { kvlist: [{ key: 'ok', value: true }] } },
      ],
    });
  });

  it('decodes an event name, an explicit timestamp and a record without trace context', () => {
    const record = records[2]!;
    expect(record.body).toBe(1234n);
    expect(record.eventName).toBe('cart.checked');
    expect(record.timeUnixNano).toBe(1_700_000_000_999_999_999n);
    expect(record.severityNumber).toBe(5);
    expect(record.traceId).toBeUndefined();
    expect(record.spanId).toBeUndefined();
    expect(record.flags).toBe(0);
  });

  it('decodes a bytes body and counts dropped attributes', () => {
    const record = records[3]!;
    expect(record.body).toEqual(new Uint8Array([0, 1, 2, 254, 255]));
    expect(record.attributes.map((kv) => kv.key)).toEqual(['a', 'b', 'c']);
    expect(record.droppedAttributesCount).toBe(2);
  });

  it('decodes a record without a body as an empty body', () => {
    expect(records[4]!.body).toBeNull();
    expect(records[4]!.severityNumber).toBe(24);
    expect(records[4]!.severityText).toBe('');
  });
});
