import { toHex, unixNano, type SpanEvent, type SpanId, type SpanLink, type TraceId } from '@braid/model';
import { attributesFromJson, attributesToJson } from './any-value-json.js';

type EventJson = [time: string, name: string, attributes: unknown, dropped: number];
type LinkJson = [traceId: string, spanId: string, traceState: string, attributes: unknown, dropped: number, flags: number];

/** Span events as compact JSON text (positional arrays); null when there are none. */
export function encodeEvents(events: readonly SpanEvent[]): string | null {
  if (events.length === 0) return null;
  return JSON.stringify(events.map((e): EventJson => [String(e.timeUnixNano), e.name, attributesToJson(e.attributes), e.droppedAttributesCount]));
}

/** Decodes what encodeEvents wrote. */
export function decodeEvents(text: string | null): SpanEvent[] {
  if (text === null) return [];
  return (JSON.parse(text) as EventJson[]).map(([time, name, attributes, dropped]) => ({
    timeUnixNano: unixNano(BigInt(time)),
    name,
    attributes: attributesFromJson(attributes),
    droppedAttributesCount: dropped,
  }));
}

/** Span links as compact JSON text (positional arrays, hex ids); null when there are none. */
export function encodeLinks(links: readonly SpanLink[]): string | null {
  if (links.length === 0) return null;
  return JSON.stringify(links.map((l): LinkJson => [toHex(l.traceId), toHex(l.spanId), l.traceState, attributesToJson(l.attributes), l.droppedAttributesCount, l.flags]));
}

/** Decodes what encodeLinks wrote. */
export function decodeLinks(text: string | null): SpanLink[] {
  if (text === null) return [];
  return (JSON.parse(text) as LinkJson[]).map(([traceId, spanId, traceState, attributes, dropped, flags]) => ({
    traceId: new Uint8Array(Buffer.from(traceId, 'hex')) as TraceId,
    spanId: new Uint8Array(Buffer.from(spanId, 'hex')) as SpanId,
    traceState,
    attributes: attributesFromJson(attributes),
    droppedAttributesCount: dropped,
    flags,
  }));
}
