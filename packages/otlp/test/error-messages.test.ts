import { describe, expect, it } from 'vitest';
import { decodeLogsProtobuf, decodeMetricsJson, decodeMetricsProtobuf, decodeTracesJson, decodeTracesProtobuf, decodeLogsJson } from '@braid/otlp';
import { bytes, filled, fixed64, len, spanBody, tag, tracesWithSpan, varint, vint } from './support/wire-bytes.js';

// Bad input and the message that names its problem. Each row: what is wrong, the payload, what the message says.

const nested = (depth: number): Uint8Array => {
  let value: Uint8Array = new Uint8Array(0);
  for (let i = 0; i < depth; i++) value = len(5, len(1, value));
  return value;
};

const PROTOBUF_TRACES: [string, Uint8Array, string][] = [
  ['short trace id', tracesWithSpan(bytes(len(1, filled(3)), len(2, filled(8)))), 'resource_spans[0].scope_spans[0].spans[0]: span.trace_id must be 16 bytes, got 3'],
  ['missing span id', tracesWithSpan(len(1, filled(16))), 'span.span_id is missing (must be 8 bytes)'],
  ['all-zero trace id', tracesWithSpan(bytes(len(1, filled(16, 0)), len(2, filled(8)))), 'span.trace_id must not be all zeros'],
  ['bad parent id', tracesWithSpan(spanBody(len(4, filled(5)))), 'span.parent_span_id must be 8 bytes, got 5'],
  ['link without ids', tracesWithSpan(spanBody(len(13, len(3, [0x61])))), 'spans[0].links[0]: link.trace_id is missing (must be 16 bytes)'],
  ['name sent as a varint', tracesWithSpan(spanBody(vint(5, 7))), 'span.name (field 5) has wire type varint, expected len'],
  ['start time sent as a varint', tracesWithSpan(spanBody(vint(7, 7))), 'span.start_time_unix_nano (field 7) has wire type varint, expected i64'],
  ['truncated payload', tracesWithSpan(spanBody()).subarray(0, 20), 'truncated message at byte 1'],
  ['truncated fixed64', bytes(len(1, len(2, bytes(tag(2, 2), varint(3), tag(7, 1), [1])))), 'truncated message at byte'],
  ['invalid wire type', bytes(tag(1, 7)), 'invalid wire type 7'],
  ['field number 0', bytes([0x02, 0x00]), 'invalid field number 0 in TracesData at byte 0'],
  ['nested field overrunning its message', bytes(len(1, tag(2, 2), varint(5)), tag(3, 2), varint(3), [0x61, 0x62, 0x63]), 'resource_spans[0]: field overruns its enclosing message'],
  ['varint of 11 bytes', bytes(tag(9, 0), filled(10, 0xff), [0x01]), 'varint longer than 10 bytes'],
  ['unexpected end group', bytes(tag(9, 4)), 'unexpected end-group tag'],
  ['attributes nested too deep', tracesWithSpan(spanBody(len(9, len(1, [0x6b]), len(2, nested(100))))), 'nesting limit exceeded'],
  ['bad attribute names its index', tracesWithSpan(spanBody(len(9, len(1, [0x6b])), len(9, vint(1, 3)))), 'spans[0].attributes[1]: KeyValue.key (field 1) has wire type varint'],
];

describe('protobuf traces: error messages', () => {
  it.each(PROTOBUF_TRACES)('%s', (_name, payload, message) => {
    const result = decodeTracesProtobuf(payload);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain(message);
  });
});

describe('protobuf logs and metrics: error messages', () => {
  it.each([
    ['log trace id of 15 bytes', () => decodeLogsProtobuf(len(1, len(2, len(2, len(9, filled(15)))))), 'resource_logs[0].scope_logs[0].log_records[0]: log_record.trace_id must be 16 bytes, got 15'],
    ['log span id of 9 bytes', () => decodeLogsProtobuf(len(1, len(2, len(2, len(10, filled(9)))))), 'log_record.span_id must be 8 bytes, got 9'],
    [
      'exemplar span id of 7 bytes',
      () => decodeMetricsProtobuf(len(1, len(2, len(2, len(5, len(1, len(5, len(4, filled(7))))))))),
      'metrics[0].gauge.data_points[0].exemplars[0]: exemplar.span_id must be 8 bytes, got 7',
    ],
    ['packed bucket counts of 7 bytes', () => decodeMetricsProtobuf(len(1, len(2, len(2, len(9, len(1, len(6, filled(7)))))))), 'packed bucket_counts is 7 bytes, not a multiple of 8'],
    ['histogram count as a varint', () => decodeMetricsProtobuf(len(1, len(2, len(2, len(9, len(1, vint(4, 1))))))), 'histogram_data_point.count (field 4) has wire type varint, expected i64'],
    ['metric name as fixed64', () => decodeMetricsProtobuf(len(1, len(2, len(2, fixed64(1, 1n))))), 'metric.name (field 1) has wire type i64, expected len'],
  ])('%s', (_name, decode, message) => {
    const result = decode();
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain(message);
  });
});

const spanJson = (span: Record<string, unknown>) => JSON.stringify({ resourceSpans: [{ scopeSpans: [{}, { spans: [{ traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b174', ...span }] }] }] });
const deepJson = (depth: number) => `{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":${'{"arrayValue":{"values":['.repeat(depth)}${']}}'.repeat(depth)}}]}]}]}`;

const JSON_CASES: [string, () => { ok: boolean; error?: { message: string } }, string][] = [
  ['not JSON', () => decodeTracesJson('{"resourceSpans": [}'), 'invalid JSON: '],
  ['empty body', () => decodeTracesJson(''), 'invalid JSON: '],
  ['a top-level array', () => decodeTracesJson('[]'), 'expected a JSON object at the top level, got an array'],
  ['short trace id', () => decodeTracesJson(spanJson({ traceId: 'abc' })), 'resourceSpans[0].scopeSpans[1].spans[0].traceId: not 32 hex characters'],
  ['non-hex span id', () => decodeTracesJson(spanJson({ spanId: 'zzzzzzzzzzzzzzzz' })), 'spans[0].spanId: not 16 hex characters'],
  ['missing trace id', () => decodeTracesJson(spanJson({ traceId: '' })), 'spans[0]: traceId is missing (must be 16 bytes)'],
  ['all-zero span id', () => decodeTracesJson(spanJson({ spanId: '0000000000000000' })), 'spanId must not be all zeros'],
  ['time that is not a number', () => decodeTracesJson(spanJson({ startTimeUnixNano: 'soon' })), 'startTimeUnixNano: not an unsigned 64-bit integer: the string "soon"'],
  ['negative time', () => decodeTracesJson(spanJson({ endTimeUnixNano: '-1' })), 'endTimeUnixNano: not an unsigned 64-bit integer: -1'],
  ['fractional int', () => decodeTracesJson(spanJson({ attributes: [{ key: 'k', value: { intValue: '1.5' } }] })), 'attributes[0].value.intValue: not a 64-bit integer'],
  ['int out of range', () => decodeTracesJson(spanJson({ attributes: [{ key: 'k', value: { intValue: '9223372036854775808' } }] })), 'not a 64-bit integer: 9223372036854775808'],
  ['unknown enum name', () => decodeTracesJson(spanJson({ kind: 'SPAN_KIND_FOO' })), 'kind: unknown enum value "SPAN_KIND_FOO"'],
  ['negative count', () => decodeTracesJson(spanJson({ droppedAttributesCount: -1 })), 'droppedAttributesCount: not an unsigned 32-bit integer: -1'],
  ['spans not a list', () => decodeTracesJson('{"resourceSpans":[{"scopeSpans":[{"spans":{}}]}]}'), 'resourceSpans[0].scopeSpans[0].spans: expected an array, got an object'],
  ['attribute not an object', () => decodeTracesJson(spanJson({ attributes: ['k'] })), 'attributes[0]: expected an object, got the string "k"'],
  ['bad base64', () => decodeTracesJson(spanJson({ attributes: [{ key: 'k', value: { bytesValue: '***' } }] })), 'bytesValue: not base64'],
  ['double that is not a number', () => decodeTracesJson(spanJson({ attributes: [{ key: 'k', value: { doubleValue: 'fast' } }] })), 'doubleValue: not a number'],
  ['two AnyValue members', () => decodeTracesJson(spanJson({ attributes: [{ key: 'k', value: { stringValue: 'a', intValue: 1 } }] })), 'more than one value set in an AnyValue'],
  ['name not a string', () => decodeTracesJson(spanJson({ name: 5 })), 'spans[0].name: expected a string, got number 5'],
  ['values nested too deep', () => decodeLogsJson(deepJson(100)), 'nesting limit exceeded'],
  ['log trace id of 30 hex characters', () => decodeLogsJson('{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"traceId":"5b8efff798038103d269b633813fc6"}]}]}]}'), 'logRecords[0].traceId: not 32 hex characters'],
  ['two metric data types', () => decodeMetricsJson('{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"m","gauge":{},"sum":{}}]}]}]}'), 'metric "m" has more than one of gauge, sum'],
  ['bucket count not a number', () => decodeMetricsJson('{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"histogram":{"dataPoints":[{"bucketCounts":["1","x"]}]}}]}]}]}'), 'histogram.dataPoints[0].bucketCounts[1]: not an unsigned 64-bit integer'],
  ['monotonic flag not a bool', () => decodeMetricsJson('{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"sum":{"isMonotonic":"yes"}}]}]}]}'), 'sum.isMonotonic: expected true or false'],
];

describe('OTLP/JSON: error messages', () => {
  it.each(JSON_CASES)('%s', (_name, decode, message) => {
    const result = decode();
    expect(result.ok).toBe(false);
    expect(result.error?.message).toContain(message);
  });
});
