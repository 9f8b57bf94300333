import { describe, expect, it } from 'vitest';
import type { TracesData } from '@braid/model';
import {
  decodeExportResponseJson,
  decodeExportResponseProtobuf,
  decodeStatusJson,
  decodeStatusProtobuf,
  encodeExportResponseJson,
  encodeExportResponseProtobuf,
  encodeStatusJson,
  encodeStatusProtobuf,
  encodeTraceByIdResponseProtobuf,
  encodeTracesProtobuf,
  type SignalName,
} from '@braid/otlp';
import { referenceDecode, referenceRoot } from './support/reference.js';

// Export responses (partial success), google.rpc.Status error bodies and Tempo's TraceByIDResponse,
// checked against protobufjs over the .proto schema.

const RESPONSES: { signal: SignalName; type: string; rejectedKey: string }[] = [
  { signal: 'traces', type: 'opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse', rejectedKey: 'rejectedSpans' },
  { signal: 'logs', type: 'opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse', rejectedKey: 'rejectedLogRecords' },
  { signal: 'metrics', type: 'opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse', rejectedKey: 'rejectedDataPoints' },
];

describe.each(RESPONSES)('Export response for $signal', ({ signal, type, rejectedKey }) => {
  const responseType = referenceRoot.lookupType(type);

  it('is empty on full success', () => {
    expect(encodeExportResponseProtobuf(signal)).toEqual(new Uint8Array(0));
    expect(encodeExportResponseJson(signal)).toEqual({});
    expect(decodeExportResponseProtobuf(new Uint8Array(0))).toEqual({ ok: true, value: undefined });
  });

  it('carries the rejected count and message in partial_success', () => {
    const partial = { rejected: 3, errorMessage: '3 spans had no trace id' };
    const bytes = encodeExportResponseProtobuf(signal, partial);
    expect(referenceDecode(responseType, bytes)).toEqual({ partialSuccess: { [rejectedKey]: '3', errorMessage: '3 spans had no trace id' } });
    expect(decodeExportResponseProtobuf(bytes)).toEqual({ ok: true, value: partial });
    const json = encodeExportResponseJson(signal, partial);
    expect(json).toEqual({ partialSuccess: { [rejectedKey]: '3', errorMessage: '3 spans had no trace id' } });
    expect(decodeExportResponseJson(signal, JSON.stringify(json))).toEqual({ ok: true, value: partial });
  });

  it('accepts the rejected count as a number in JSON, as some servers send it', () => {
    expect(decodeExportResponseJson(signal, JSON.stringify({ partialSuccess: { [rejectedKey]: 2 } }))).toEqual({ ok: true, value: { rejected: 2, errorMessage: '' } });
  });
});

describe('google.rpc.Status', () => {
  const statusType = referenceRoot.lookupType('google.rpc.Status');

  it('encodes code and message as protobufjs decodes them', () => {
    const bytes = encodeStatusProtobuf({ code: 3, message: 'invalid OTLP traces payload: truncated message at byte 7' });
    expect(referenceDecode(statusType, bytes)).toEqual({ code: 3, message: 'invalid OTLP traces payload: truncated message at byte 7', details: [] });
    expect(decodeStatusProtobuf(bytes)).toEqual({ ok: true, value: { code: 3, message: 'invalid OTLP traces payload: truncated message at byte 7' } });
  });

  it('carries details as google.protobuf.Any', () => {
    const status = { code: 8, message: 'queue full', details: [{ typeUrl: 'type.googleapis.com/google.rpc.RetryInfo', value: new Uint8Array([0x0a, 0x02, 0x08, 0x01]) }] };
    const bytes = encodeStatusProtobuf(status);
    expect(referenceDecode(statusType, bytes)).toEqual({ code: 8, message: 'queue full', details: [{ typeUrl: 'type.googleapis.com/google.rpc.RetryInfo', value: 'CgIIAQ==' }] });
    expect(decodeStatusProtobuf(bytes)).toEqual({ ok: true, value: status });
    const json = encodeStatusJson(status);
    expect(json).toEqual({ code: 8, message: 'queue full', details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', value: 'CgIIAQ==' }] });
    expect(decodeStatusJson(JSON.stringify(json))).toEqual({ ok: true, value: status });
  });

  it('writes code and message in JSON even when zero or empty', () => {
    expect(encodeStatusJson({ code: 0, message: '' })).toEqual({ code: 0, message: '' });
  });
});

describe("Tempo's TraceByIDResponse", () => {
  it('holds the trace as field 1, whose batches are the ResourceSpans', () => {
    const data: TracesData = {
      resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: 'api' }], droppedAttributesCount: 0 }, schemaUrl: '', scopeSpans: [] }],
    };
    const response = referenceDecode(referenceRoot.lookupType('tempopb.TraceByIDResponse'), encodeTraceByIdResponseProtobuf(data));
    const trace = referenceDecode(referenceRoot.lookupType('tempopb.Trace'), encodeTracesProtobuf(data));
    expect(response).toEqual({ trace });
    expect(trace).toMatchObject({ batches: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'api' } }] } }] });
  });
});
