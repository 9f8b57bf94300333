import { asSpanId, asTraceId, type SpanId, type TraceId } from '@braid/model';
import { DecodeFailure } from './decode-failure.js';

// Ids arrive as raw bytes; these check their length once decoding of a message is done.

/** A required trace id (spans, links): 16 bytes, not all zero. */
export function requireTraceId(bytes: Uint8Array | undefined, field: string): TraceId {
  return (requireId(bytes, field, 16) as TraceId | undefined) ?? throwZero(field);
}

/** A required span id: 8 bytes, not all zero. */
export function requireSpanId(bytes: Uint8Array | undefined, field: string): SpanId {
  return (requireId(bytes, field, 8) as SpanId | undefined) ?? throwZero(field);
}

/** An optional trace id (log records, exemplars): empty, or 16 bytes; all zero means none. */
export function optionalTraceId(bytes: Uint8Array | undefined, field: string): TraceId | undefined {
  if (bytes === undefined || bytes.length === 0) return undefined;
  return asTraceId(checkLength(bytes, field, 16));
}

/** An optional span id (parents, log records, exemplars): empty, or 8 bytes; all zero means none. */
export function optionalSpanId(bytes: Uint8Array | undefined, field: string): SpanId | undefined {
  if (bytes === undefined || bytes.length === 0) return undefined;
  return asSpanId(checkLength(bytes, field, 8));
}

function requireId(bytes: Uint8Array | undefined, field: string, length: number): Uint8Array | undefined {
  const checked = checkLength(bytes ?? EMPTY, field, length);
  return length === 16 ? asTraceId(checked) : asSpanId(checked);
}

function checkLength(bytes: Uint8Array, field: string, length: number): Uint8Array {
  if (bytes.length === length) return bytes;
  if (bytes.length === 0) throw new DecodeFailure(`${field} is missing (must be ${length} bytes)`);
  throw new DecodeFailure(`${field} must be ${length} bytes, got ${bytes.length}`);
}

function throwZero(field: string): never {
  throw new DecodeFailure(`${field} must not be all zeros`);
}

const EMPTY = new Uint8Array(0);
