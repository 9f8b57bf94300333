import {
  SpanKind,
  STALE_NAN,
  StatusCode,
  labelsFromRecord,
  logStreamLabels,
  parseTenantId,
  spanIdFromHex,
  traceIdFromHex,
  unixNano,
  type Attributes,
  type InstrumentationScope,
  type LogRecord,
  type MetricMetadata,
  type Resource,
  type ResourceLogs,
  type ResourceSpans,
  type SeriesExemplar,
  type SeriesSamples,
  type Span,
  type SpanId,
  type TenantId,
  type TraceId,
  type UnixNano,
} from '@braid/model';
import type { LogEntry, SpanRecord } from '../records.js';
import type { SamplesData, WriteItem } from '../write-batch.js';

/*
 * Builders for the contract cases. Every field defaults to a non-default value (non-zero counts,
 * non-empty strings, set flags) so a store that drops or zeroes a field fails a deep-equal.
 */

/** A tenant id; throws on an invalid one since fixtures are written by hand. */
export function tenant(name: string): TenantId {
  const id = parseTenantId(name);
  if (id === undefined) throw new Error(`invalid tenant fixture ${name}`);
  return id;
}

export const TENANT_A = tenant('acme');
export const TENANT_B = tenant('globex');

/** A trace id ending in `n`; the leading 0xf0 byte catches signed conversions of 128-bit ids. */
export function traceId(n: number): TraceId {
  return traceIdFromHex(`f0e1d2c3b4a5968778695a4b3c2d${n.toString(16).padStart(4, '0')}`)!;
}

/** A span id ending in `n`; the leading 0xff byte catches signed conversions of 64-bit ids. */
export function spanId(n: number): SpanId {
  return spanIdFromHex(`ffeeddccbbaa${n.toString(16).padStart(4, '0')}`)!;
}

/**
 * The time origin of the fixtures: 2023-11-14T22:13:20.123456789Z. Above 2^53 and odd in its
 * last digit, so a store that passes nanoseconds through a double loses it.
 */
export const T0 = 1_700_000_000_123_456_789n;

/** T0 plus some milliseconds, in unix nanoseconds. */
export function at(ms: number): UnixNano {
  return unixNano(T0 + BigInt(ms) * 1_000_000n);
}

export const SECOND_NS = 1_000_000_000n;
export const MS_NS = 1_000_000n;

/** A resource named by `service.name`, with extra attributes after it. */
export function resource(service: string, extra: Attributes = []): Resource {
  return {
    attributes: [{ key: 'service.name', value: service }, { key: 'host.name', value: `${service}-1` }, ...extra],
    droppedAttributesCount: 2,
  };
}

export const SCOPE: InstrumentationScope = {
  name: 'io.braid.contract',
  version: '1.4.2',
  attributes: [{ key: 'scope.kind', value: 'fixture' }],
  droppedAttributesCount: 1,
};

export const RESOURCE_SCHEMA_URL = 'https://opentelemetry.io/schemas/1.26.0';
export const SCOPE_SCHEMA_URL = 'https://opentelemetry.io/schemas/1.24.0';

/** A span of trace `trace`, id `id`, starting `startMs` after T0 and lasting `durationMs`. */
export function span(trace: number, id: number, startMs: number, durationMs: number, fields: Partial<Span> = {}): Span {
  const start = at(startMs);
  return {
    traceId: traceId(trace),
    spanId: spanId(id),
    traceState: 'vendor=a:1',
    parentSpanId: spanId(0xfff0),
    flags: 0x101,
    name: `op-${id}`,
    kind: SpanKind.SERVER,
    startTimeUnixNano: start,
    endTimeUnixNano: unixNano(start + BigInt(Math.round(durationMs * 1e6))),
    attributes: [{ key: 'span.n', value: BigInt(id) }],
    droppedAttributesCount: 1,
    events: [],
    droppedEventsCount: 2,
    links: [],
    droppedLinksCount: 3,
    status: { code: StatusCode.OK, message: 'fine' },
    ...fields,
  };
}

/** A span with every optional part present: parent, events, links, error status. */
export function richSpan(trace: number, id: number, startMs: number): Span {
  return span(trace, id, startMs, 12.345678, {
    traceState: 'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE',
    flags: 0x301,
    name: 'POST /checkout',
    kind: SpanKind.CLIENT,
    attributes: [
      { key: 'http.request.method', value: 'POST' },
      { key: 'http.response.status_code', value: 503n },
    ],
    droppedAttributesCount: 4,
    events: [
      { timeUnixNano: at(startMs + 1), name: 'exception', attributes: [{ key: 'exception.type', value: 'Timeout' }], droppedAttributesCount: 1 },
      { timeUnixNano: at(startMs + 2), name: 'retry', attributes: [], droppedAttributesCount: 0 },
    ],
    droppedEventsCount: 5,
    links: [
      { traceId: traceId(0xbeef), spanId: spanId(0xbeef), traceState: 'link=1', attributes: [{ key: 'link.kind', value: 'follows' }], droppedAttributesCount: 2, flags: 0x100 },
    ],
    droppedLinksCount: 6,
    status: { code: StatusCode.ERROR, message: 'upstream timed out' },
  });
}

/** Spans of one resource under SCOPE, with both schema URLs set. */
export function resourceSpans(res: Resource, spans: readonly Span[], scope: InstrumentationScope = SCOPE): ResourceSpans {
  return { resource: res, schemaUrl: RESOURCE_SCHEMA_URL, scopeSpans: [{ scope, schemaUrl: SCOPE_SCHEMA_URL, spans }] };
}

/** How a span written with `resourceSpans(res, [s])` reads back. */
export function spanRecord(res: Resource, s: Span, scope: InstrumentationScope = SCOPE): SpanRecord {
  return { resource: res, resourceSchemaUrl: RESOURCE_SCHEMA_URL, scope, scopeSchemaUrl: SCOPE_SCHEMA_URL, span: s };
}

/** A traces write item. */
export function tracesItem(owner: TenantId, ...resourceSpansList: ResourceSpans[]): WriteItem {
  return { kind: 'traces', tenant: owner, data: { resourceSpans: resourceSpansList } };
}

/** A log record `ms` after T0 whose body names it, so cases can tell records apart by body. */
export function logRecord(body: string, ms: number, fields: Partial<LogRecord> = {}): LogRecord {
  return {
    timeUnixNano: at(ms),
    observedTimeUnixNano: at(ms + 7),
    severityNumber: 17,
    severityText: 'ERROR',
    body,
    attributes: [{ key: 'log.n', value: body }],
    droppedAttributesCount: 3,
    flags: 1,
    traceId: undefined,
    spanId: undefined,
    eventName: 'app.fixture',
    ...fields,
  };
}

/** Log records of one resource under SCOPE, with both schema URLs set. */
export function resourceLogs(res: Resource, logRecords: readonly LogRecord[], scope: InstrumentationScope = SCOPE): ResourceLogs {
  return { resource: res, schemaUrl: RESOURCE_SCHEMA_URL, scopeLogs: [{ scope, schemaUrl: SCOPE_SCHEMA_URL, logRecords }] };
}

/** How a record written with `resourceLogs(res, [record])` reads back. */
export function logEntry(res: Resource, record: LogRecord, scope: InstrumentationScope = SCOPE): LogEntry {
  return { resource: res, resourceSchemaUrl: RESOURCE_SCHEMA_URL, scope, scopeSchemaUrl: SCOPE_SCHEMA_URL, stream: logStreamLabels(res), record };
}

/** A logs write item. */
export function logsItem(owner: TenantId, ...resourceLogsList: ResourceLogs[]): WriteItem {
  return { kind: 'logs', tenant: owner, data: { resourceLogs: resourceLogsList } };
}

/** Writes Prometheus' staleness marker; a JS array would quiet its NaN bits, so points name it. */
export const STALE = 'stale';

/** A sample as [unix ms, value]. */
export type Point = readonly [number, number | typeof STALE];

/** A series from a label record (with `__name__`) and its points. */
export function series(labels: Readonly<Record<string, string>>, points: readonly Point[]): SeriesSamples {
  const timestampsMs = new Float64Array(points.length);
  const values = new Float64Array(points.length);
  points.forEach(([t, v], i) => {
    timestampsMs[i] = t;
    // Assigning the constant itself into the typed array is what keeps the marker's bits.
    values[i] = v === STALE ? STALE_NAN : v;
  });
  return { labels: labelsFromRecord(labels), timestampsMs, values };
}

/** An exemplar of the series with `seriesLabels`, pointing at span `id` of trace `trace` when given. */
export function exemplar(
  seriesLabels: Readonly<Record<string, string>>,
  timestampMs: number,
  value: number,
  link: { trace: number; id: number } | undefined,
  labels: Readonly<Record<string, string>> = { pod: 'api-7d9f' },
): SeriesExemplar {
  return {
    seriesLabels: labelsFromRecord(seriesLabels),
    labels: labelsFromRecord(labels),
    traceId: link && traceId(link.trace),
    spanId: link && spanId(link.id),
    timestampMs,
    value,
  };
}

/** Metadata of one metric family. */
export function metadata(metricFamilyName: string, type: MetricMetadata['type'], help: string, unit = ''): MetricMetadata {
  return { metricFamilyName, type, help, unit };
}

/** A samples write item. */
export function samplesItem(owner: TenantId, data: Partial<SamplesData>): WriteItem {
  return { kind: 'samples', tenant: owner, data: { series: [], exemplars: [], metadata: [], ...data } };
}
