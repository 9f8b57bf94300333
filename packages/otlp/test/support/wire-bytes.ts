/** Hand-assembled protobuf, for payloads no well-behaved encoder would write. */

export type Part = Uint8Array | readonly number[];

/** A varint's bytes. */
export function varint(n: number | bigint): number[] {
  let v = BigInt.asUintN(64, BigInt(n));
  const out: number[] = [];
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
}

/** Concatenates parts. */
export function bytes(...parts: Part[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A tag: field number and wire type. */
export function tag(field: number, wire: number): number[] {
  return varint((field << 3) | wire);
}

/** A length-delimited field holding the concatenated parts. */
export function len(field: number, ...parts: Part[]): Uint8Array {
  const body = bytes(...parts);
  return bytes(tag(field, 2), varint(body.length), body);
}

/** A varint field. */
export function vint(field: number, n: number | bigint): Uint8Array {
  return bytes(tag(field, 0), varint(n));
}

/** A fixed64 field. */
export function fixed64(field: number, n: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, n, true);
  return bytes(tag(field, 1), out);
}

/** `n` bytes of value `b`. */
export function filled(n: number, b = 0xab): Uint8Array {
  return new Uint8Array(n).fill(b);
}

/** A span message body with valid ids plus extra fields. */
export function spanBody(...extra: Part[]): Uint8Array {
  return bytes(len(1, filled(16)), len(2, filled(8)), ...extra);
}

/** ExportTraceServiceRequest { resource_spans { scope_spans { spans: <span> } } }. */
export function tracesWithSpan(span: Part): Uint8Array {
  return len(1, len(2, len(2, span)));
}
