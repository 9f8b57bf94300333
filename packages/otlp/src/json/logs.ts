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
import { optionalSpanId, optionalTraceId } from '../ids.js';
import { anyValueJson, attributesJson, decodeAnyValue, decodeAttributes, decodeList, decodeMessage, decodeResource, decodeScope, resourceJson, scopeJson } from './common.js';
import { SEVERITY_NUMBER } from './enum-names.js';
import { asEnum, asHexId, asObject, asString, asUint32, asUint64, type JsonObject } from './json-reader.js';
import { put, putEnum, putId, putInt64, type JsonOut, type JsonStyle } from './json-writer.js';

// LogsData / ExportLogsServiceRequest in the OTLP/JSON mapping.

/** Decodes a parsed ExportLogsServiceRequest (throws DecodeFailure; see decodeLogsJson). */
export function readLogsJson(obj: JsonObject): LogsData {
  let resourceLogs: ResourceLogs[] = [];
  for (const key in obj) {
    const raw = obj[key];
    if (raw === null || raw === undefined) continue;
    if (key === 'resourceLogs' || key === 'resource_logs') resourceLogs = decodeList(raw, key, decodeResourceLogs);
  }
  return { resourceLogs };
}

function decodeResourceLogs(obj: JsonObject): ResourceLogs {
  let resource: Resource = EMPTY_RESOURCE;
  let scopeLogs: ScopeLogs[] = [];
  let schemaUrl = '';
  for (const key in obj) {
    const raw = obj[key];
    if (raw === null || raw === undefined) continue;
    if (key === 'resource') resource = decodeMessage(raw, key, decodeResource);
    else if (key === 'scopeLogs' || key === 'scope_logs') scopeLogs = decodeList(raw, key, decodeScopeLogs);
    else if (key === 'schemaUrl' || key === 'schema_url') schemaUrl = asString(raw, key);
  }
  return { resource, schemaUrl, scopeLogs };
}

function decodeScopeLogs(obj: JsonObject): ScopeLogs {
  let scope: InstrumentationScope = EMPTY_SCOPE;
  let logRecords: LogRecord[] = [];
  let schemaUrl = '';
  for (const key in obj) {
    const raw = obj[key];
    if (raw === null || raw === undefined) continue;
    if (key === 'scope') scope = decodeMessage(raw, key, decodeScope);
    else if (key === 'logRecords' || key === 'log_records') logRecords = decodeList(raw, key, decodeLogRecord);
    else if (key === 'schemaUrl' || key === 'schema_url') schemaUrl = asString(raw, key);
  }
  return { scope, schemaUrl, logRecords };
}

function decodeLogRecord(obj: JsonObject): LogRecord {
  let timeUnixNano = 0n;
  let observedTimeUnixNano = 0n;
  let severityNumber = 0;
  let severityText = '';
  let body: AnyValue = null;
  let attributes: KeyValue[] = [];
  let droppedAttributesCount = 0;
  let flags = 0;
  let traceId: Uint8Array | undefined;
  let spanId: Uint8Array | undefined;
  let eventName = '';
  for (const key in obj) {
    const raw = obj[key];
    if (raw === null || raw === undefined) continue;
    switch (key) {
      case 'timeUnixNano':
      case 'time_unix_nano':
        timeUnixNano = asUint64(raw, key);
        break;
      case 'observedTimeUnixNano':
      case 'observed_time_unix_nano':
        observedTimeUnixNano = asUint64(raw, key);
        break;
      case 'severityNumber':
      case 'severity_number':
        severityNumber = asEnum(raw, key, SEVERITY_NUMBER.byName);
        break;
      case 'severityText':
      case 'severity_text':
        severityText = asString(raw, key);
        break;
      case 'body':
        try {
          body = decodeAnyValue(asObject(raw), 0);
        } catch (error) {
          throw within(error, key);
        }
        break;
      case 'attributes':
        attributes = decodeAttributes(raw, key);
        break;
      case 'droppedAttributesCount':
      case 'dropped_attributes_count':
        droppedAttributesCount = asUint32(raw, key);
        break;
      case 'flags':
        flags = asUint32(raw, key);
        break;
      case 'traceId':
      case 'trace_id':
        traceId = asHexId(raw, key, 16);
        break;
      case 'spanId':
      case 'span_id':
        spanId = asHexId(raw, key, 8);
        break;
      case 'eventName':
      case 'event_name':
        eventName = asString(raw, key);
        break;
    }
  }
  return {
    timeUnixNano: timeUnixNano as UnixNano,
    observedTimeUnixNano: observedTimeUnixNano as UnixNano,
    severityNumber,
    severityText,
    body,
    attributes,
    droppedAttributesCount,
    flags,
    traceId: optionalTraceId(traceId, 'traceId'),
    spanId: optionalSpanId(spanId, 'spanId'),
    eventName,
  };
}

/** Encodes LogsData as an OTLP/JSON object. */
export function logsJson(data: LogsData, style: JsonStyle): JsonOut {
  const out: JsonOut = {};
  put(
    out,
    'resourceLogs',
    data.resourceLogs.map((rl) => {
      const resourceOut: JsonOut = { resource: resourceJson(rl.resource) };
      put(
        resourceOut,
        'scopeLogs',
        rl.scopeLogs.map((sl) => {
          const scopeOut: JsonOut = { scope: scopeJson(sl.scope) };
          put(scopeOut, 'logRecords', sl.logRecords.map((record) => logRecordJson(record, style)));
          put(scopeOut, 'schemaUrl', sl.schemaUrl);
          return scopeOut;
        }),
      );
      put(resourceOut, 'schemaUrl', rl.schemaUrl);
      return resourceOut;
    }),
  );
  return out;
}

function logRecordJson(record: LogRecord, style: JsonStyle): JsonOut {
  const out: JsonOut = {};
  putInt64(out, 'timeUnixNano', record.timeUnixNano);
  putInt64(out, 'observedTimeUnixNano', record.observedTimeUnixNano);
  putEnum(out, 'severityNumber', record.severityNumber, SEVERITY_NUMBER, style);
  put(out, 'severityText', record.severityText);
  if (record.body !== null) out.body = anyValueJson(record.body);
  put(out, 'attributes', attributesJson(record.attributes));
  put(out, 'droppedAttributesCount', record.droppedAttributesCount);
  put(out, 'flags', record.flags);
  putId(out, 'traceId', record.traceId, style);
  putId(out, 'spanId', record.spanId, style);
  put(out, 'eventName', record.eventName);
  return out;
}
