import type { SpanId, TraceId } from './ids.js';
import type { InstrumentationScope, Resource } from './resource.js';
import type { UnixNano } from './time.js';
import type { Attributes } from './value.js';

/** OTLP Span.SpanKind. */
export const SpanKind = {
  UNSPECIFIED: 0,
  INTERNAL: 1,
  SERVER: 2,
  CLIENT: 3,
  PRODUCER: 4,
  CONSUMER: 5,
} as const;
export type SpanKind = (typeof SpanKind)[keyof typeof SpanKind] | number;

/** OTLP Status.StatusCode. */
export const StatusCode = { UNSET: 0, OK: 1, ERROR: 2 } as const;
export type StatusCode = (typeof StatusCode)[keyof typeof StatusCode] | number;

export interface SpanStatus {
  readonly code: StatusCode;
  readonly message: string;
}

export interface SpanEvent {
  readonly timeUnixNano: UnixNano;
  readonly name: string;
  readonly attributes: Attributes;
  readonly droppedAttributesCount: number;
}

export interface SpanLink {
  readonly traceId: TraceId;
  readonly spanId: SpanId;
  readonly traceState: string;
  readonly attributes: Attributes;
  readonly droppedAttributesCount: number;
  readonly flags: number;
}

/** One OTLP span; `parentSpanId` is undefined for a root span. */
export interface Span {
  readonly traceId: TraceId;
  readonly spanId: SpanId;
  readonly traceState: string;
  readonly parentSpanId: SpanId | undefined;
  readonly flags: number;
  readonly name: string;
  readonly kind: SpanKind;
  readonly startTimeUnixNano: UnixNano;
  readonly endTimeUnixNano: UnixNano;
  readonly attributes: Attributes;
  readonly droppedAttributesCount: number;
  readonly events: readonly SpanEvent[];
  readonly droppedEventsCount: number;
  readonly links: readonly SpanLink[];
  readonly droppedLinksCount: number;
  readonly status: SpanStatus;
}

export interface ScopeSpans {
  readonly scope: InstrumentationScope;
  readonly schemaUrl: string;
  readonly spans: readonly Span[];
}

export interface ResourceSpans {
  readonly resource: Resource;
  readonly schemaUrl: string;
  readonly scopeSpans: readonly ScopeSpans[];
}

/** The payload of an OTLP traces export. */
export interface TracesData {
  readonly resourceSpans: readonly ResourceSpans[];
}
