import { WIRE_I32, WIRE_I64, WIRE_LEN, WIRE_VARINT } from './wire-reader.js';

const utf8 = new TextEncoder();

/**
 * A growable protobuf output buffer. Nested messages reserve one length byte and shift their body
 * only when it turns out longer than 127 bytes, so small leaf messages (KeyValue, AnyValue) cost
 * no second pass.
 */
export class WireWriter {
  private buf = new Uint8Array(4096);
  private view = new DataView(this.buf.buffer);
  private pos = 0;

  /** The bytes written so far, copied into an exactly sized array. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }

  tag(field: number, wire: number): void {
    this.uint32((field << 3) | wire);
  }

  uint32(n: number): void {
    this.ensure(5);
    let v = n >>> 0;
    while (v >= 0x80) {
      this.buf[this.pos++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[this.pos++] = v;
  }

  /** int32 and enums: negative values are sign-extended to 10 bytes, as protobuf requires. */
  int32(n: number): void {
    if (n >= 0) this.uint32(n);
    else this.uint64(BigInt.asUintN(64, BigInt(n | 0)));
  }

  sint32(n: number): void {
    this.uint32((n << 1) ^ (n >> 31));
  }

  uint64(value: bigint): void {
    this.ensure(10);
    let v = BigInt.asUintN(64, value);
    while (v >= 0x80n) {
      this.buf[this.pos++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.buf[this.pos++] = Number(v);
  }

  int64(value: bigint): void {
    this.uint64(BigInt.asUintN(64, value));
  }

  fixed32(n: number): void {
    this.ensure(4);
    this.view.setUint32(this.pos, n >>> 0, true);
    this.pos += 4;
  }

  fixed64(value: bigint): void {
    this.ensure(8);
    this.view.setBigUint64(this.pos, BigInt.asUintN(64, value), true);
    this.pos += 8;
  }

  double(n: number): void {
    this.ensure(8);
    this.view.setFloat64(this.pos, n, true);
    this.pos += 8;
  }

  string(s: string): void {
    const n = s.length;
    let ascii = n < 0x4000;
    for (let i = 0; ascii && i < n; i++) if (s.charCodeAt(i) >= 0x80) ascii = false;
    if (!ascii) {
      this.bytes(utf8.encode(s));
      return;
    }
    this.uint32(n);
    this.ensure(n);
    for (let i = 0; i < n; i++) this.buf[this.pos++] = s.charCodeAt(i);
  }

  bytes(b: Uint8Array): void {
    this.uint32(b.length);
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** Starts a nested message in `field`; pass the result to `end`. */
  begin(field: number): number {
    this.tag(field, WIRE_LEN);
    this.ensure(1);
    return this.pos++;
  }

  /** Ends a nested message begun with `begin`, writing its length. */
  end(start: number): void {
    const length = this.pos - start - 1;
    if (length < 0x80) {
      this.buf[start] = length;
      return;
    }
    let extra = 0;
    for (let v = length >>> 7; v > 0; v >>>= 7) extra++;
    this.ensure(extra);
    this.buf.copyWithin(start + 1 + extra, start + 1, this.pos);
    this.pos = start;
    this.uint32(length);
    this.pos += length;
  }

  // Field writers that leave proto3 defaults out, as every protobuf encoder does.

  stringField(field: number, s: string): void {
    if (s === '') return;
    this.tag(field, WIRE_LEN);
    this.string(s);
  }

  bytesField(field: number, b: Uint8Array | undefined): void {
    if (b === undefined || b.length === 0) return;
    this.tag(field, WIRE_LEN);
    this.bytes(b);
  }

  uint32Field(field: number, n: number): void {
    if (n === 0) return;
    this.tag(field, WIRE_VARINT);
    this.uint32(n);
  }

  int32Field(field: number, n: number): void {
    if (n === 0) return;
    this.tag(field, WIRE_VARINT);
    this.int32(n);
  }

  sint32Field(field: number, n: number): void {
    if (n === 0) return;
    this.tag(field, WIRE_VARINT);
    this.sint32(n);
  }

  boolField(field: number, b: boolean): void {
    if (!b) return;
    this.tag(field, WIRE_VARINT);
    this.uint32(1);
  }

  int64Field(field: number, value: bigint | number): void {
    if (value === 0 || value === 0n) return;
    this.tag(field, WIRE_VARINT);
    this.int64(BigInt(value));
  }

  fixed32Field(field: number, n: number): void {
    if (n === 0) return;
    this.tag(field, WIRE_I32);
    this.fixed32(n);
  }

  fixed64Field(field: number, value: bigint): void {
    if (value === 0n) return;
    this.tag(field, WIRE_I64);
    this.fixed64(value);
  }

  /** A double that is not in a oneof: 0 is left out, -0 is kept (its bits are not zero). */
  doubleField(field: number, n: number): void {
    if (n === 0 && !Object.is(n, -0)) return;
    this.tag(field, WIRE_I64);
    this.double(n);
  }

  /** An `optional double` or a oneof member: written whenever present. */
  optionalDoubleField(field: number, n: number | undefined): void {
    if (n === undefined) return;
    this.tag(field, WIRE_I64);
    this.double(n);
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const grown = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n));
    grown.set(this.buf.subarray(0, this.pos));
    this.buf = grown;
    this.view = new DataView(grown.buffer);
  }
}
