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
import { within } from '../decode-failure.js';
import { decodeAttribute, decodeMessageField, decodeResource, decodeScope, encodeAttributes, encodeResource, encodeScope } from './common.js';
import { optionalSpanId, requireSpanId, requireTraceId } from '../ids.js';
import { WireReader } from './wire-reader.js';
import { messageSchema, skipField } from './wire-schema.js';
import { WireWriter } from './wire-writer.js';

// opentelemetry/proto/trace/v1/trace.proto; ExportTraceServiceRequest has TracesData's layout.

const TRACES_DATA = messageSchema('TracesData', { resource_spans: [1, 'len'] });
const RESOURCE_SPANS = messageSchema('ResourceSpans', { resource: [1, 'len'], scope_spans: [2, 'len'], schema_url: [3, 'len'] });
const SCOPE_SPANS = messageSchema('ScopeSpans', { scope: [1, 'len'], spans: [2, 'len'], schema_url: [3, 'len'] });
const SPAN = messageSchema('span', {
  trace_id: [1, 'len'],
  span_id: [2, 'len'],
  trace_state: [3, 'len'],
  parent_span_id: [4, 'len'],
  name: [5, 'len'],
  kind: [6, 'varint'],
  start_time_unix_nano: [7, 'i64'],
  end_time_unix_nano: [8, 'i64'],
  attributes: [9, 'len'],
  dropped_attributes_count: [10, 'varint'],
  events: [11, 'len'],
  dropped_events_count: [12, 'varint'],
  links: [13, 'len'],
  dropped_links_count: [14, 'varint'],
  status: [15, 'len'],
  flags: [16, 'i32'],
});
const EVENT = messageSchema('event', { time_unix_nano: [1, 'i64'], name: [2, 'len'], attributes: [3, 'len'], dropped_attributes_count: [4, 'varint'] });
const LINK = messageSchema('link', {
  trace_id: [1, 'len'],
  span_id: [2, 'len'],
  trace_state: [3, 'len'],
  attributes: [4, 'len'],
  dropped_attributes_count: [5, 'varint'],
  flags: [6, 'i32'],
});
const STATUS = messageSchema('status', { message: [2, 'len'], code: [3, 'varint'] });

const UNSET_STATUS: SpanStatus = { code: 0, message: '' };

/** Decodes TracesData / ExportTraceServiceRequest bytes (throws DecodeFailure; see decodeTracesProtobuf). */
export function readTracesData(bytes: Uint8Array): TracesData {
  const r = new WireReader(bytes);
  const resourceSpans: ResourceSpans[] = [];
  while (r.pos < r.length) {
    const tag = r.uint32();
    if (tag !== 0x0a) {
      skipField(r, tag, TRACES_DATA);
      continue;
    }
    try {
      resourceSpans.push(decodeResourceSpans(r, r.delimitedEnd()));
    } catch (error) {
      throw within(error, 'resource_spans', resourceSpans.length);
    }
  }
  return { resourceSpans };
}

function decodeResourceSpans(r: WireReader, end: number): ResourceSpans {
  let resource: Resource = EMPTY_RESOURCE;
  const scopeSpans: ScopeSpans[] = [];
  let schemaUrl = '';
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === 0x0a) resource = decodeMessageField(r, decodeResource, 'resource');
    else if (tag === 0x12) {
      try {
        scopeSpans.push(decodeScopeSpans(r, r.delimitedEnd()));
      } catch (error) {
        throw within(error, 'scope_spans', scopeSpans.length);
      }
    } else if (tag === 0x1a) schemaUrl = r.string();
    else skipField(r, tag, RESOURCE_SPANS);
  }
  r.finish(end);
  return { resource, schemaUrl, scopeSpans };
}

function decodeScopeSpans(r: WireReader, end: number): ScopeSpans {
  let scope: InstrumentationScope = EMPTY_SCOPE;
  const spans: Span[] = [];
  let schemaUrl = '';
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === 0x0a) scope = decodeMessageField(r, decodeScope, 'scope');
    else if (tag === 0x12) {
      try {
        spans.push(decodeSpan(r, r.delimitedEnd()));
      } catch (error) {
        throw within(error, 'spans', spans.length);
      }
    } else if (tag === 0x1a) schemaUrl = r.string();
    else skipField(r, tag, SCOPE_SPANS);
  }
  r.finish(end);
  return { scope, schemaUrl, spans };
}

function decodeSpan(r: WireReader, end: number): Span {
  let traceId: Uint8Array | undefined;
  let spanId: Uint8Array | undefined;
  let traceState = '';
  let parentSpanId: Uint8Array | undefined;
  let flags = 0;
  let name = '';
  let kind = 0;
  let startTimeUnixNano = 0n;
  let endTimeUnixNano = 0n;
  const attributes: KeyValue[] = [];
  let droppedAttributesCount = 0;
  const events: SpanEvent[] = [];
  let droppedEventsCount = 0;
  const links: SpanLink[] = [];
  let droppedLinksCount = 0;
  let status = UNSET_STATUS;
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 0x0a:
        traceId = r.bytes();
        break;
      case 0x12:
        spanId = r.bytes();
        break;
      case 0x1a:
        traceState = r.string();
        break;
      case 0x22:
        parentSpanId = r.bytes();
        break;
      case 0x2a:
        name = r.string();
        break;
      case 0x30:
        kind = r.int32();
        break;
      case 0x39:
        startTimeUnixNano = r.fixed64();
        break;
      case 0x41:
        endTimeUnixNano = r.fixed64();
        break;
      case 0x4a:
        decodeAttribute(r, attributes);
        break;
      case 0x50:
        droppedAttributesCount = r.uint32();
        break;
      case 0x5a:
        try {
          events.push(decodeEvent(r, r.delimitedEnd()));
        } catch (error) {
          throw within(error, 'events', events.length);
        }
        break;
      case 0x60:
        droppedEventsCount = r.uint32();
        break;
      case 0x6a:
        try {
          links.push(decodeLink(r, r.delimitedEnd()));
        } catch (error) {
          throw within(error, 'links', links.length);
        }
        break;
      case 0x70:
        droppedLinksCount = r.uint32();
        break;
      case 0x7a:
        status = decodeStatus(r, r.delimitedEnd());
        break;
      case 0x85:
        flags = r.fixed32();
        break;
      default:
        skipField(r, tag, SPAN);
    }
  }
  r.finish(end);
  return {
    traceId: requireTraceId(traceId, 'span.trace_id'),
    spanId: requireSpanId(spanId, 'span.span_id'),
    traceState,
    parentSpanId: optionalSpanId(parentSpanId, 'span.parent_span_id'),
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

function decodeEvent(r: WireReader, end: number): SpanEvent {
  let timeUnixNano = 0n;
  let name = '';
  const attributes: KeyValue[] = [];
  let droppedAttributesCount = 0;
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === 0x09) timeUnixNano = r.fixed64();
    else if (tag === 0x12) name = r.string();
    else if (tag === 0x1a) decodeAttribute(r, attributes);
    else if (tag === 0x20) droppedAttributesCount = r.uint32();
    else skipField(r, tag, EVENT);
  }
  r.finish(end);
  return { timeUnixNano: timeUnixNano as UnixNano, name, attributes, droppedAttributesCount };
}

function decodeLink(r: WireReader, end: number): SpanLink {
  let traceId: Uint8Array | undefined;
  let spanId: Uint8Array | undefined;
  let traceState = '';
  const attributes: KeyValue[] = [];
  let droppedAttributesCount = 0;
  let flags = 0;
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === 0x0a) traceId = r.bytes();
    else if (tag === 0x12) spanId = r.bytes();
    else if (tag === 0x1a) traceState = r.string();
    else if (tag === 0x22) decodeAttribute(r, attributes);
    else if (tag === 0x28) droppedAttributesCount = r.uint32();
    else if (tag === 0x35) flags = r.fixed32();
    else skipField(r, tag, LINK);
  }
  r.finish(end);
  return {
    traceId: requireTraceId(traceId, 'link.trace_id'),
    spanId: requireSpanId(spanId, 'link.span_id'),
    traceState,
    attributes,
    droppedAttributesCount,
    flags,
  };
}

function decodeStatus(r: WireReader, end: number): SpanStatus {
  let code = 0;
  let message = '';
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === 0x12) message = r.string();
    else if (tag === 0x18) code = r.int32();
    else skipField(r, tag, STATUS);
  }
  r.finish(end);
  return { code, message };
}

/** Encodes TracesData (the layout of ExportTraceServiceRequest and Tempo's `Trace`). */
export function writeTracesData(data: TracesData): Uint8Array {
  const w = new WireWriter();
  writeResourceSpansList(w, 1, data);
  return w.finish();
}

/** Encodes Tempo's `TraceByIDResponse { Trace trace = 1; }`. */
export function writeTraceByIdResponse(data: TracesData): Uint8Array {
  const w = new WireWriter();
  const trace = w.begin(1);
  writeResourceSpansList(w, 1, data);
  w.end(trace);
  return w.finish();
}

function writeResourceSpansList(w: WireWriter, field: number, data: TracesData): void {
  for (const rs of data.resourceSpans) {
    const start = w.begin(field);
    encodeResource(w, 1, rs.resource);
    for (const ss of rs.scopeSpans) {
      const scope = w.begin(2);
      encodeScope(w, 1, ss.scope);
      for (const span of ss.spans) writeSpan(w, span);
      w.stringField(3, ss.schemaUrl);
      w.end(scope);
    }
    w.stringField(3, rs.schemaUrl);
    w.end(start);
  }
}

function writeSpan(w: WireWriter, span: Span): void {
  const start = w.begin(2);
  w.bytesField(1, span.traceId);
  w.bytesField(2, span.spanId);
  w.stringField(3, span.traceState);
  w.bytesField(4, span.parentSpanId);
  w.stringField(5, span.name);
  w.int32Field(6, span.kind);
  w.fixed64Field(7, span.startTimeUnixNano);
  w.fixed64Field(8, span.endTimeUnixNano);
  encodeAttributes(w, 9, span.attributes);
  w.uint32Field(10, span.droppedAttributesCount);
  for (const event of span.events) {
    const e = w.begin(11);
    w.fixed64Field(1, event.timeUnixNano);
    w.stringField(2, event.name);
    encodeAttributes(w, 3, event.attributes);
    w.uint32Field(4, event.droppedAttributesCount);
    w.end(e);
  }
  w.uint32Field(12, span.droppedEventsCount);
  for (const link of span.links) {
    const l = w.begin(13);
    w.bytesField(1, link.traceId);
    w.bytesField(2, link.spanId);
    w.stringField(3, link.traceState);
    encodeAttributes(w, 4, link.attributes);
    w.uint32Field(5, link.droppedAttributesCount);
    w.fixed32Field(6, link.flags);
    w.end(l);
  }
  w.uint32Field(14, span.droppedLinksCount);
  if (span.status.code !== 0 || span.status.message !== '') {
    const s = w.begin(15);
    w.stringField(2, span.status.message);
    w.int32Field(3, span.status.code);
    w.end(s);
  }
  w.fixed32Field(16, span.flags);
  w.end(start);
}
