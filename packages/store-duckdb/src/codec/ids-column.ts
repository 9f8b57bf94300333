import type { SpanId, TraceId } from '@braid/model';

/*
 * Ids live in fixed-width integer columns (UHUGEINT / UBIGINT, big-endian byte order) rather than
 * BLOBs: 16 and 8 bytes flat, no length prefix, and equality lookups compare integers.
 */

const view = new DataView(new ArrayBuffer(16));
const bytesView = new Uint8Array(view.buffer);

/** A trace id as the unsigned 128-bit integer stored in the trace_id column. */
export function traceIdToColumn(id: TraceId): bigint {
  bytesView.set(id);
  return (view.getBigUint64(0) << 64n) | view.getBigUint64(8);
}

/** A span id as the unsigned 64-bit integer stored in span id columns. */
export function spanIdToColumn(id: SpanId): bigint {
  bytesView.set(id);
  return view.getBigUint64(0);
}

/** The trace id bytes of a trace_id column value. */
export function traceIdFromColumn(value: bigint): TraceId {
  view.setBigUint64(0, value >> 64n);
  view.setBigUint64(8, value & 0xffffffffffffffffn);
  return bytesView.slice(0, 16) as TraceId;
}

/** The span id bytes of a span id column value. */
export function spanIdFromColumn(value: bigint): SpanId {
  view.setBigUint64(0, value);
  return bytesView.slice(0, 8) as SpanId;
}
