import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { AttributeValue, HrTime } from '@opentelemetry/api';
import {
  anyValueKind,
  isKeyValueList,
  toHex,
  type AnyValue,
  type Attributes,
  type InstrumentationScope,
  type LogRecord,
  type Resource,
  type Span,
} from '@braid/model';

/**
 * A plain, order-insensitive form of a span or log record, built once from what the SDK handed its
 * exporters and once from what braid returns, so tests compare every field with `toEqual`.
 */
export type CanonicalValue = { kind: string; value: unknown };
export type CanonicalAttributes = Record<string, CanonicalValue>;

export function canonicalAnyValue(value: AnyValue): CanonicalValue {
  const kind = anyValueKind(value);
  if (value instanceof Uint8Array) return { kind, value: toHex(value) };
  if (Array.isArray(value)) return { kind, value: (value as AnyValue[]).map(canonicalAnyValue) };
  if (isKeyValueList(value)) return { kind, value: canonicalAttributes(value.kvlist) };
  if (typeof value === 'bigint') return { kind, value: value.toString() };
  return { kind, value };
}

export function canonicalAttributes(attributes: Attributes): CanonicalAttributes {
  return Object.fromEntries(attributes.map((kv) => [kv.key, canonicalAnyValue(kv.value)]));
}

/** The OTLP type the JS SDK's transformer gives a JS attribute value (integers → int, other numbers → double). */
function sdkValue(value: unknown): CanonicalValue {
  if (value === null || value === undefined) return { kind: 'empty', value: null };
  if (typeof value === 'string') return { kind: 'string', value };
  if (typeof value === 'boolean') return { kind: 'bool', value };
  if (typeof value === 'number') return Number.isInteger(value) ? { kind: 'int', value: String(value) } : { kind: 'double', value };
  if (value instanceof Uint8Array) return { kind: 'bytes', value: toHex(value) };
  if (Array.isArray(value)) return { kind: 'array', value: value.map(sdkValue) };
  return { kind: 'kvlist', value: sdkAttributes(value as Record<string, unknown>) };
}

function sdkAttributes(attributes: Record<string, AttributeValue | unknown>): CanonicalAttributes {
  return Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, sdkValue(v)]));
}

function hrTimeNanos(time: HrTime): string {
  return (BigInt(time[0]) * 1_000_000_000n + BigInt(time[1])).toString();
}

export interface CanonicalSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  traceState: string;
  flags: number;
  name: string;
  kind: number;
  start: string;
  end: string;
  attributes: CanonicalAttributes;
  droppedAttributesCount: number;
  events: { name: string; time: string; attributes: CanonicalAttributes; droppedAttributesCount: number }[];
  droppedEventsCount: number;
  links: { traceId: string; spanId: string; traceState: string; attributes: CanonicalAttributes; droppedAttributesCount: number }[];
  droppedLinksCount: number;
  status: { code: number; message: string };
  resource: CanonicalAttributes;
  scope: { name: string; version: string };
}

/** A span as braid returns it, with the resource and scope it was grouped under. */
export function canonicalSpan(span: Span, resource: Resource, scope: InstrumentationScope): CanonicalSpan {
  return {
    traceId: toHex(span.traceId),
    spanId: toHex(span.spanId),
    parentSpanId: span.parentSpanId ? toHex(span.parentSpanId) : '',
    traceState: span.traceState,
    // Bits 8-9 carry "parent is remote" knowledge; the W3C sampled bit is what the SDK sets.
    flags: span.flags & 0xff,
    name: span.name,
    kind: span.kind,
    start: span.startTimeUnixNano.toString(),
    end: span.endTimeUnixNano.toString(),
    attributes: canonicalAttributes(span.attributes),
    droppedAttributesCount: span.droppedAttributesCount,
    events: span.events.map((e) => ({ name: e.name, time: e.timeUnixNano.toString(), attributes: canonicalAttributes(e.attributes), droppedAttributesCount: e.droppedAttributesCount })),
    droppedEventsCount: span.droppedEventsCount,
    links: span.links.map((l) => ({
      traceId: toHex(l.traceId),
      spanId: toHex(l.spanId),
      traceState: l.traceState,
      attributes: canonicalAttributes(l.attributes),
      droppedAttributesCount: l.droppedAttributesCount,
    })),
    droppedLinksCount: span.droppedLinksCount,
    status: { code: span.status.code, message: span.status.message },
    resource: canonicalAttributes(resource.attributes),
    scope: { name: scope.name, version: scope.version },
  };
}

/** A span as the SDK handed it to its exporters. API SpanKind is OTLP's minus one. */
export function canonicalSdkSpan(span: ReadableSpan): CanonicalSpan {
  const context = span.spanContext();
  return {
    traceId: context.traceId,
    spanId: context.spanId,
    parentSpanId: span.parentSpanContext?.spanId ?? '',
    traceState: context.traceState?.serialize() ?? '',
    flags: context.traceFlags,
    name: span.name,
    kind: span.kind + 1,
    start: hrTimeNanos(span.startTime),
    end: hrTimeNanos(span.endTime),
    attributes: sdkAttributes(span.attributes),
    droppedAttributesCount: span.droppedAttributesCount,
    events: span.events.map((e) => ({ name: e.name, time: hrTimeNanos(e.time), attributes: sdkAttributes(e.attributes ?? {}), droppedAttributesCount: e.droppedAttributesCount ?? 0 })),
    droppedEventsCount: span.droppedEventsCount,
    links: span.links.map((l) => ({
      traceId: l.context.traceId,
      spanId: l.context.spanId,
      traceState: l.context.traceState?.serialize() ?? '',
      attributes: sdkAttributes(l.attributes ?? {}),
      droppedAttributesCount: l.droppedAttributesCount ?? 0,
    })),
    droppedLinksCount: span.droppedLinksCount,
    status: { code: span.status.code, message: span.status.message ?? '' },
    resource: sdkAttributes(span.resource.attributes),
    scope: { name: span.instrumentationScope.name, version: span.instrumentationScope.version ?? '' },
  };
}

export interface CanonicalLog {
  time: string;
  observedTime: string;
  severityNumber: number;
  severityText: string;
  body: CanonicalValue;
  attributes: CanonicalAttributes;
  droppedAttributesCount: number;
  traceId: string;
  spanId: string;
  flags: number;
  eventName: string;
  resource: CanonicalAttributes;
  scope: { name: string; version: string };
}

/** A log record as braid returns it. */
export function canonicalLog(record: LogRecord, resource: Resource, scope: InstrumentationScope): CanonicalLog {
  return {
    time: record.timeUnixNano.toString(),
    observedTime: record.observedTimeUnixNano.toString(),
    severityNumber: record.severityNumber,
    severityText: record.severityText,
    body: canonicalAnyValue(record.body),
    attributes: canonicalAttributes(record.attributes),
    droppedAttributesCount: record.droppedAttributesCount,
    traceId: record.traceId ? toHex(record.traceId) : '',
    spanId: record.spanId ? toHex(record.spanId) : '',
    flags: record.flags,
    eventName: record.eventName,
    resource: canonicalAttributes(resource.attributes),
    scope: { name: scope.name, version: scope.version },
  };
}

/** A log record as the SDK handed it to its exporters. */
export function canonicalSdkLog(record: ReadableLogRecord): CanonicalLog {
  return {
    time: hrTimeNanos(record.hrTime),
    observedTime: hrTimeNanos(record.hrTimeObserved),
    severityNumber: record.severityNumber ?? 0,
    severityText: record.severityText ?? '',
    body: sdkValue(record.body),
    attributes: sdkAttributes(record.attributes),
    droppedAttributesCount: record.droppedAttributesCount,
    traceId: record.spanContext?.traceId ?? '',
    spanId: record.spanContext?.spanId ?? '',
    flags: record.spanContext?.traceFlags ?? 0,
    eventName: record.eventName ?? '',
    resource: sdkAttributes(record.resource.attributes),
    scope: { name: record.instrumentationScope.name, version: record.instrumentationScope.version ?? '' },
  };
}
