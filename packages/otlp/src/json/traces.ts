import {
  EMPTY_RESOURCE,
  EMPTY_SCOPE,
  type InstrumentationScope,
  type KeyValue,
  type Resource,
  type ResourceSpans,
  type ScopeSpans,
  type Span,
  type SpanEvent,
  type SpanLink,
  type SpanStatus,
  type TracesData,
  type UnixNano,
} from '@braid/model';
import { optionalSpanId, requireSpanId, requireTraceId } from '../ids.js';
import { attributesJson, decodeAttributes, decodeList, decodeMessage, decodeResource, decodeScope, resourceJson, scopeJson } from './common.js';
import { SPAN_KIND, STATUS_CODE } from './enum-names.js';
import { asEnum, asHexId, asString, asUint32, asUint64, type JsonObject } from './json-reader.js';
import { put, putEnum, putId, putInt64, type JsonOut, type JsonStyle } from './json-writer.js';

// TracesData / ExportTraceServiceRequest in the OTLP/JSON mapping.

const UNSET_STATUS: SpanStatus = { code: 0, message: '' };

/** Decodes a parsed ExportTraceServiceRequest (throws DecodeFailure; see decodeTracesJson). */
export function readTracesJson(obj: JsonObject): TracesData {
  let resourceSpans: ResourceSpans[] = [];
  for (const key in obj) {
    const raw = obj[key];
    if (raw === null || raw === undefined) continue;
    if (key === 'resourceSpans' || key === 'resource_spans') resourceSpans = decodeList(raw, key, decodeResourceSpans);
  }
  return { resourceSpans };
}

function decodeResourceSpans(obj: JsonObject): ResourceSpans {
  let resource: Resource = EMPTY_RESOURCE;
  let scopeSpans: ScopeSpans[] = [];
  let schemaUrl = '';
  for (const key in obj) {
    const raw = obj[key];
    if (raw === null || raw === undefined) continue;
    if (key === 'resource') resource = decodeMessage(raw, key, decodeResource);
    else if (key === 'scopeSpans' || key === 'scope_spans') scopeSpans = decodeList(raw, key, decodeScopeSpans);
    else if (key === 'schemaUrl' || key === 'schema_url') schemaUrl = asString(raw, key);
  }
  return { resource, schemaUrl, scopeSpans };
}

function decodeScopeSpans(obj: JsonObject): ScopeSpans {
  let scope: InstrumentationScope = EMPTY_SCOPE;
  let spans: Span[] = [];
  let schemaUrl = '';
  for (const key in obj) {
    const raw = obj[key];
    if (raw === null || raw === undefined) continue;
    if (key === 'scope') scope = decodeMessage(raw, key, decodeScope);
    else if (key === 'spans') spans = decodeList(raw, key, decodeSpan);
    else if (key === 'schemaUrl' || key === 'schema_url') schemaUrl = asString(raw, key);
  }
  return { scope, schemaUrl, spans };
}

function decodeSpan(obj: JsonObject): Span {
  let traceId: Uint8Array | undefined;
  let spanId: Uint8Array | undefined;
  let traceState = '';
  let parentSpanId: Uint8Array | undefined;
  let flags = 0;
  let name = '';
  let kind = 0;
  let startTimeUnixNano = 0n;
  let endTimeUnixNano = 0n;
  let attributes: KeyValue[] = [];
  let droppedAttributesCount = 0;
  let events: SpanEvent[] = [];
  let droppedEventsCount = 0;
  let links: SpanLink[] = [];
  let droppedLinksCount = 0;
  let status = UNSET_STATUS;
  for (const key in obj) {
    const raw = obj[key];
    if (raw === null || raw === undefined) continue;
    switch (key) {
      case 'traceId':
      case 'trace_id':
        traceId = asHexId(raw, key, 16);
        break;
      case 'spanId':
      case 'span_id':
        spanId = asHexId(raw, key, 8);
        break;
      case 'traceState':
      case 'trace_state':
        traceState = asString(raw, key);
        break;
      case 'parentSpanId':
      case 'parent_span_id':
        parentSpanId = asHexId(raw, key, 8);
        break;
      case 'flags':
        flags = asUint32(raw, key);
        break;
      case 'name':
        name = asString(raw, key);
        break;
      case 'kind':
        kind = asEnum(raw, key, SPAN_KIND.byName);
        break;
      case 'startTimeUnixNano':
      case 'start_time_unix_nano':
        startTimeUnixNano = asUint64(raw, key);
        break;
      case 'endTimeUnixNano':
      case 'end_time_unix_nano':
        endTimeUnixNano = asUint64(raw, key);
        break;
      case 'attributes':
        attributes = decodeAttributes(raw, key);
        break;
      case 'droppedAttributesCount':
      case 'dropped_attributes_count':
        droppedAttributesCount = asUint32(raw, key);
        break;
      case 'events':
        events = decodeList(raw, key, decodeEvent);
        break;
      case 'droppedEventsCount':
      case 'dropped_events_count':
        droppedEventsCount = asUint32(raw, key);
        break;
      case 'links':
        links = decodeList(raw, key, decodeLink);
        break;
      case 'droppedLinksCount':
      case 'dropped_links_count':
        droppedLinksCount = asUint32(raw, key);
        break;
      case 'status':
        status = decodeMessage(raw, key, decodeStatus);
        break;
    }
  }
  return {
    traceId: requireTraceId(traceId, 'traceId'),
    spanId: requireSpanId(spanId, 'spanId'),
    traceState,
    parentSpanId: optionalSpanId(parentSpanId, 'parentSpanId'),
    flags,
    name,
    kind,
    startTimeUnixNano: startTimeUnixNano as UnixNano,
    endTimeUnixNano: endTimeUnixNano as UnixNano,
    attributes,
    droppedAttributesCount,
    events,
    droppedEventsCount,
    links,
    droppedLinksCount,
    status,
  };
}

function decodeEvent(obj: JsonObject): SpanEvent {
  let timeUnixNano = 0n;
  let name = '';
  let attributes: KeyValue[] = [];
  let droppedAttributesCount = 0;
  for (const key in obj) {
    const raw = obj[key];
    if (raw === null || raw === undefined) continue;
    if (key === 'timeUnixNano' || key === 'time_unix_nano') timeUnixNano = asUint64(raw, key);
    else if (key === 'name') name = asString(raw, key);
    else if (key === 'attributes') attributes = decodeAttributes(raw, key);
    else if (key === 'droppedAttributesCount' || key === 'dropped_attributes_count') droppedAttributesCount = asUint32(raw, key);
  }
  return { timeUnixNano: timeUnixNano as UnixNano, name, attributes, droppedAttributesCount };
}

function decodeLink(obj: JsonObject): SpanLink {
  let traceId: Uint8Array | undefined;
  let spanId: Uint8Array | undefined;
  let traceState = '';
  let attributes: KeyValue[] = [];
  let droppedAttributesCount = 0;
  let flags = 0;
  for (const key in obj) {
    const raw = obj[key];
    if (raw === null || raw === undefined) continue;
    if (key === 'traceId' || key === 'trace_id') traceId = asHexId(raw, key, 16);
    else if (key === 'spanId' || key === 'span_id') spanId = asHexId(raw, key, 8);
    else if (key === 'traceState' || key === 'trace_state') traceState = asString(raw, key);
    else if (key === 'attributes') attributes = decodeAttributes(raw, key);
    else if (key === 'droppedAttributesCount' || key === 'dropped_attributes_count') droppedAttributesCount = asUint32(raw, key);
    else if (key === 'flags') flags = asUint32(raw, key);
  }
  return { traceId: requireTraceId(traceId, 'traceId'), spanId: requireSpanId(spanId, 'spanId'), traceState, attributes, droppedAttributesCount, flags };
}

function decodeStatus(obj: JsonObject): SpanStatus {
  let code = 0;
  let message = '';
  for (const key in obj) {
    const raw = obj[key];
    if (raw === null || raw === undefined) continue;
    if (key === 'code') code = asEnum(raw, key, STATUS_CODE.byName);
    else if (key === 'message') message = asString(raw, key);
  }
  return { code, message };
}

/** Encodes TracesData as an OTLP/JSON object. */
export function tracesJson(data: TracesData, style: JsonStyle): JsonOut {
  const out: JsonOut = {};
  put(
    out,
    'resourceSpans',
    data.resourceSpans.map((rs) => {
      const resourceOut: JsonOut = { resource: resourceJson(rs.resource) };
      put(
        resourceOut,
        'scopeSpans',
        rs.scopeSpans.map((ss) => {
          const scopeOut: JsonOut = { scope: scopeJson(ss.scope) };
          put(scopeOut, 'spans', ss.spans.map((span) => spanJson(span, style)));
          put(scopeOut, 'schemaUrl', ss.schemaUrl);
          return scopeOut;
        }),
      );
      put(resourceOut, 'schemaUrl', rs.schemaUrl);
      return resourceOut;
    }),
  );
  return out;
}

function spanJson(span: Span, style: JsonStyle): JsonOut {
  const out: JsonOut = {};
  putId(out, 'traceId', span.traceId, style);
  putId(out, 'spanId', span.spanId, style);
  put(out, 'traceState', span.traceState);
  putId(out, 'parentSpanId', span.parentSpanId, style);
  put(out, 'flags', span.flags);
  put(out, 'name', span.name);
  putEnum(out, 'kind', span.kind, SPAN_KIND, style);
  putInt64(out, 'startTimeUnixNano', span.startTimeUnixNano);
  putInt64(out, 'endTimeUnixNano', span.endTimeUnixNano);
  put(out, 'attributes', attributesJson(span.attributes));
  put(out, 'droppedAttributesCount', span.droppedAttributesCount);
  put(out, 'events', span.events.map(eventJson));
  put(out, 'droppedEventsCount', span.droppedEventsCount);
  put(out, 'links', span.links.map((link) => linkJson(link, style)));
  put(out, 'droppedLinksCount', span.droppedLinksCount);
  const status: JsonOut = {};
  put(status, 'message', span.status.message);
  putEnum(status, 'code', span.status.code, STATUS_CODE, style);
  out.status = status;
  return out;
}

function eventJson(event: SpanEvent): JsonOut {
  const out: JsonOut = {};
  putInt64(out, 'timeUnixNano', event.timeUnixNano);
  put(out, 'name', event.name);
  put(out, 'attributes', attributesJson(event.attributes));
  put(out, 'droppedAttributesCount', event.droppedAttributesCount);
  return out;
}

function linkJson(link: SpanLink, style: JsonStyle): JsonOut {
  const out: JsonOut = {};
  putId(out, 'traceId', link.traceId, style);
  putId(out, 'spanId', link.spanId, style);
  put(out, 'traceState', link.traceState);
  put(out, 'attributes', attributesJson(link.attributes));
  put(out, 'droppedAttributesCount', link.droppedAttributesCount);
  put(out, 'flags', link.flags);
  return out;
}
