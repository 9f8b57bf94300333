/** A 16-byte W3C trace id. Kept as bytes inside braid; hex only at API edges. */
export type TraceId = Uint8Array & { readonly __brand: 'TraceId' };
/** An 8-byte span id. */
export type SpanId = Uint8Array & { readonly __brand: 'SpanId' };

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Lowercase hex of any byte string. */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i]!];
  return out;
}

function fromHex(hex: string, length: number): Uint8Array | undefined {
  if (hex.length !== length * 2 || !/^[0-9a-fA-F]*$/.test(hex)) return undefined;
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Parses 32 hex chars; shorter ids (64-bit Jaeger/Zipkin) are left-padded with zeros. */
export function traceIdFromHex(hex: string): TraceId | undefined {
  if (hex.length > 0 && hex.length < 32 && hex.length % 2 === 0) hex = hex.padStart(32, '0');
  const bytes = fromHex(hex, 16);
  return bytes && !isZero(bytes) ? (bytes as TraceId) : undefined;
}

/** Parses 16 hex chars. */
export function spanIdFromHex(hex: string): SpanId | undefined {
  const bytes = fromHex(hex, 8);
  return bytes && !isZero(bytes) ? (bytes as SpanId) : undefined;
}

/** Brands raw bytes as a trace id when they have the right length and are not all zero. */
export function asTraceId(bytes: Uint8Array): TraceId | undefined {
  return bytes.length === 16 && !isZero(bytes) ? (bytes as TraceId) : undefined;
}

/** Brands raw bytes as a span id when they have the right length and are not all zero. */
export function asSpanId(bytes: Uint8Array): SpanId | undefined {
  return bytes.length === 8 && !isZero(bytes) ? (bytes as SpanId) : undefined;
}

function isZero(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== 0) return false;
  return true;
}

/** Byte-wise equality of two ids. */
export function idEquals(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
