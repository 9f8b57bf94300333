import {
  EMPTY_RESOURCE,
  EMPTY_SCOPE,
  type AnyValue,
  type InstrumentationScope,
  type KeyValue,
  type LogRecord,
  type LogsData,
  type Resource,
  type ResourceLogs,
  type ScopeLogs,
  type UnixNano,
} from '@braid/model';
import { within } from '../decode-failure.js';
import { decodeAnyValue, decodeAttribute, decodeMessageField, decodeResource, decodeScope, encodeAnyValueBody, encodeAttributes, encodeResource, encodeScope } from './common.js';
import { optionalSpanId, optionalTraceId } from '../ids.js';
import { WireReader } from './wire-reader.js';
import { messageSchema, skipField } from './wire-schema.js';
import { WireWriter } from './wire-writer.js';

// opentelemetry/proto/logs/v1/logs.proto; ExportLogsServiceRequest has LogsData's layout.

const LOGS_DATA = messageSchema('LogsData', { resource_logs: [1, 'len'] });
const RESOURCE_LOGS = messageSchema('ResourceLogs', { resource: [1, 'len'], scope_logs: [2, 'len'], schema_url: [3, 'len'] });
const SCOPE_LOGS = messageSchema('ScopeLogs', { scope: [1, 'len'], log_records: [2, 'len'], schema_url: [3, 'len'] });
const LOG_RECORD = messageSchema('log_record', {
  time_unix_nano: [1, 'i64'],
  severity_number: [2, 'varint'],
  severity_text: [3, 'len'],
  body: [5, 'len'],
  attributes: [6, 'len'],
  dropped_attributes_count: [7, 'varint'],
  flags: [8, 'i32'],
  trace_id: [9, 'len'],
  span_id: [10, 'len'],
  observed_time_unix_nano: [11, 'i64'],
  event_name: [12, 'len'],
});

/** Decodes LogsData / ExportLogsServiceRequest bytes (throws DecodeFailure; see decodeLogsProtobuf). */
export function readLogsData(bytes: Uint8Array): LogsData {
  const r = new WireReader(bytes);
  const resourceLogs: ResourceLogs[] = [];
  while (r.pos < r.length) {
    const tag = r.uint32();
    if (tag !== 0x0a) {
      skipField(r, tag, LOGS_DATA);
      continue;
    }
    try {
      resourceLogs.push(decodeResourceLogs(r, r.delimitedEnd()));
    } catch (error) {
      throw within(error, 'resource_logs', resourceLogs.length);
    }
  }
  return { resourceLogs };
}

function decodeResourceLogs(r: WireReader, end: number): ResourceLogs {
  let resource: Resource = EMPTY_RESOURCE;
  const scopeLogs: ScopeLogs[] = [];
  let schemaUrl = '';
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === 0x0a) resource = decodeMessageField(r, decodeResource, 'resource');
    else if (tag === 0x12) {
      try {
        scopeLogs.push(decodeScopeLogs(r, r.delimitedEnd()));
      } catch (error) {
        throw within(error, 'scope_logs', scopeLogs.length);
      }
    } else if (tag === 0x1a) schemaUrl = r.string();
    else skipField(r, tag, RESOURCE_LOGS);
  }
  r.finish(end);
  return { resource, schemaUrl, scopeLogs };
}

function decodeScopeLogs(r: WireReader, end: number): ScopeLogs {
  let scope: InstrumentationScope = EMPTY_SCOPE;
  const logRecords: LogRecord[] = [];
  let schemaUrl = '';
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === 0x0a) scope = decodeMessageField(r, decodeScope, 'scope');
    else if (tag === 0x12) {
      try {
        logRecords.push(decodeLogRecord(r, r.delimitedEnd()));
      } catch (error) {
        throw within(error, 'log_records', logRecords.length);
      }
    } else if (tag === 0x1a) schemaUrl = r.string();
    else skipField(r, tag, SCOPE_LOGS);
  }
  r.finish(end);
  return { scope, schemaUrl, logRecords };
}

function decodeLogRecord(r: WireReader, end: number): LogRecord {
  let timeUnixNano = 0n;
  let observedTimeUnixNano = 0n;
  let severityNumber = 0;
  let severityText = '';
  let body: AnyValue = null;
  const attributes: KeyValue[] = [];
  let droppedAttributesCount = 0;
  let flags = 0;
  let traceId: Uint8Array | undefined;
  let spanId: Uint8Array | undefined;
  let eventName = '';
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 0x09:
        timeUnixNano = r.fixed64();
        break;
      case 0x10:
        severityNumber = r.int32();
        break;
      case 0x1a:
        severityText = r.string();
        break;
      case 0x2a:
        try {
          body = decodeAnyValue(r, r.delimitedEnd(), 0);
        } catch (error) {
          throw within(error, 'body');
        }
        break;
      case 0x32:
        decodeAttribute(r, attributes);
        break;
      case 0x38:
        droppedAttributesCount = r.uint32();
        break;
      case 0x45:
        flags = r.fixed32();
        break;
      case 0x4a:
        traceId = r.bytes();
        break;
      case 0x52:
        spanId = r.bytes();
        break;
      case 0x59:
        observedTimeUnixNano = r.fixed64();
        break;
      case 0x62:
        eventName = r.string();
        break;
      default:
        skipField(r, tag, LOG_RECORD);
    }
  }
  r.finish(end);
  return {
    timeUnixNano: timeUnixNano as UnixNano,
    observedTimeUnixNano: observedTimeUnixNano as UnixNano,
    severityNumber,
    severityText,
    body,
    attributes,
    droppedAttributesCount,
    flags,
    traceId: optionalTraceId(traceId, 'log_record.trace_id'),
    spanId: optionalSpanId(spanId, 'log_record.span_id'),
    eventName,
  };
}

/** Encodes LogsData (the layout of ExportLogsServiceRequest). */
export function writeLogsData(data: LogsData): Uint8Array {
  const w = new WireWriter();
  for (const rl of data.resourceLogs) {
    const start = w.begin(1);
    encodeResource(w, 1, rl.resource);
    for (const sl of rl.scopeLogs) {
      const scope = w.begin(2);
      encodeScope(w, 1, sl.scope);
      for (const record of sl.logRecords) writeLogRecord(w, record);
      w.stringField(3, sl.schemaUrl);
      w.end(scope);
    }
    w.stringField(3, rl.schemaUrl);
    w.end(start);
  }
  return w.finish();
}

function writeLogRecord(w: WireWriter, record: LogRecord): void {
  const start = w.begin(2);
  w.fixed64Field(1, record.timeUnixNano);
  w.int32Field(2, record.severityNumber);
  w.stringField(3, record.severityText);
  if (record.body !== null) {
    const body = w.begin(5);
    encodeAnyValueBody(w, record.body);
    w.end(body);
  }
  encodeAttributes(w, 6, record.attributes);
  w.uint32Field(7, record.droppedAttributesCount);
  w.fixed32Field(8, record.flags);
  w.bytesField(9, record.traceId);
  w.bytesField(10, record.spanId);
  w.fixed64Field(11, record.observedTimeUnixNano);
  w.stringField(12, record.eventName);
  w.end(start);
}
