/**
 * Prometheus' XOR chunk encoding (Gorilla, Pelkonen et al. 2015), as tsdb/chunkenc/xor.go writes
 * it: timestamps as delta-of-delta in variable bit widths, values XORed with the previous value
 * keeping only the meaningful bits. Regular scrapes cost ~1–2 bits per timestamp and a few bits
 * per slowly changing value. Values keep their exact bits (staleness NaNs included).
 */

class BitWriter {
  private bytes = new Uint8Array(64);
  private bitLength = 0;

  writeBit(bit: number): void {
    this.ensure(1);
    if (bit) this.bytes[this.bitLength >>> 3]! |= 0x80 >>> (this.bitLength & 7);
    this.bitLength++;
  }

  /** Writes the low `count` bits of `value` (count ≤ 32), most significant first. */
  writeBits(value: number, count: number): void {
    for (let i = count - 1; i >= 0; i--) this.writeBit((value >>> i) & 1);
  }

  finish(): Uint8Array {
    return this.bytes.slice(0, (this.bitLength + 7) >>> 3);
  }

  private ensure(bits: number): void {
    if (((this.bitLength + bits + 7) >>> 3) <= this.bytes.length) return;
    const grown = new Uint8Array(this.bytes.length * 2);
    grown.set(this.bytes);
    this.bytes = grown;
  }
}

class BitReader {
  private position = 0;

  constructor(private readonly bytes: Uint8Array) {}

  readBit(): number {
    const byte = this.bytes[this.position >>> 3];
    if (byte === undefined) throw new Error('xor chunk: unexpected end of data');
    const bit = (byte >>> (7 - (this.position & 7))) & 1;
    this.position++;
    return bit;
  }

  readBits(count: number): number {
    let value = 0;
    for (let i = 0; i < count; i++) value = ((value << 1) | this.readBit()) >>> 0;
    return value;
  }
}

const view = new DataView(new ArrayBuffer(8));
const bitsOf = (value: number): [number, number] => {
  view.setFloat64(0, value);
  return [view.getUint32(0), view.getUint32(4)];
};
const valueOf = (hi: number, lo: number): number => {
  view.setUint32(0, hi);
  view.setUint32(4, lo);
  return view.getFloat64(0);
};

function leadingZeros(hi: number, lo: number): number {
  return hi !== 0 ? Math.clz32(hi) : 32 + Math.clz32(lo);
}

function trailingZeros(hi: number, lo: number): number {
  if (lo !== 0) return 31 - Math.clz32(lo & -lo);
  return 32 + (31 - Math.clz32(hi & -hi));
}

/** Writes `count` (≤ 64) bits of the 64-bit value hi:lo, from bit `count - 1` down. */
function writeWide(w: BitWriter, hi: number, lo: number, count: number): void {
  if (count > 32) {
    w.writeBits(hi, count - 32);
    w.writeBits(lo, 32);
  } else {
    w.writeBits(lo, count);
  }
}

function readWide(r: BitReader, count: number): [number, number] {
  if (count > 32) {
    const hi = r.readBits(count - 32);
    return [hi, r.readBits(32)];
  }
  return [0, r.readBits(count)];
}

/** 64-bit shifts on hi:lo halves. */
function shiftRight(hi: number, lo: number, n: number): [number, number] {
  if (n === 0) return [hi, lo];
  if (n >= 32) return [0, hi >>> (n - 32)];
  return [hi >>> n, ((lo >>> n) | (hi << (32 - n))) >>> 0];
}

function shiftLeft(hi: number, lo: number, n: number): [number, number] {
  if (n === 0) return [hi, lo];
  if (n >= 32) return [(lo << (n - 32)) >>> 0, 0];
  return [((hi << n) | (lo >>> (32 - n))) >>> 0, (lo << n) >>> 0];
}

/** Signed integer in `bits` bits, two's complement. */
function writeSigned(w: BitWriter, value: number, bits: number): void {
  w.writeBits(value < 0 ? value + 2 ** bits : value, bits);
}

function readSigned(r: BitReader, bits: number): number {
  const raw = r.readBits(bits);
  return raw >= 2 ** (bits - 1) ? raw - 2 ** bits : raw;
}

/** Delta-of-delta buckets of Prometheus' XOR chunk: prefix bits, payload width. */
const DOD_BUCKETS: readonly [number, number, number][] = [
  [0b10, 2, 14],
  [0b110, 3, 17],
  [0b1110, 4, 20],
];

/** Encodes ascending millisecond timestamps and their values. */
export function encodeXorChunk(timestamps: ArrayLike<number>, values: ArrayLike<number>): Uint8Array {
  const w = new BitWriter();
  const n = timestamps.length;
  w.writeBits(n >>> 16, 16);
  w.writeBits(n & 0xffff, 16);
  if (n === 0) return w.finish();
  let [prevHi, prevLo] = bitsOf(values[0]!);
  let leading = 0xff;
  let trailing = 0;
  // First timestamp and value raw; timestamps as two 32-bit halves of a signed 64-bit number.
  writeWide(w, Math.floor(timestamps[0]! / 2 ** 32) >>> 0, timestamps[0]! >>> 0, 64);
  writeWide(w, prevHi, prevLo, 64);
  let previousDelta = 0;
  for (let i = 1; i < n; i++) {
    const delta = timestamps[i]! - timestamps[i - 1]!;
    if (i === 1) {
      writeSigned(w, Math.floor(delta / 2 ** 32), 32);
      w.writeBits(delta >>> 0, 32);
    } else {
      const dod = delta - previousDelta;
      if (dod === 0) w.writeBit(0);
      else {
        const bucket = DOD_BUCKETS.find(([, , bits]) => dod >= -(2 ** (bits - 1)) + 1 && dod <= 2 ** (bits - 1));
        if (bucket) {
          w.writeBits(bucket[0], bucket[1]);
          writeSigned(w, dod, bucket[2]);
        } else {
          w.writeBits(0b1111, 4);
          writeSigned(w, Math.floor(dod / 2 ** 32), 32);
          w.writeBits(dod >>> 0, 32);
        }
      }
    }
    previousDelta = delta;
    const [hi, lo] = bitsOf(values[i]!);
    const [xHi, xLo] = [(hi ^ prevHi) >>> 0, (lo ^ prevLo) >>> 0];
    [prevHi, prevLo] = [hi, lo];
    if (xHi === 0 && xLo === 0) {
      w.writeBit(0);
      continue;
    }
    w.writeBit(1);
    const lead = Math.min(leadingZeros(xHi, xLo), 31);
    const trail = trailingZeros(xHi, xLo);
    if (leading !== 0xff && lead >= leading && trail >= trailing) {
      w.writeBit(0);
      const [sHi, sLo] = shiftRight(xHi, xLo, trailing);
      writeWide(w, sHi, sLo, 64 - leading - trailing);
      continue;
    }
    [leading, trailing] = [lead, trail];
    w.writeBit(1);
    w.writeBits(lead, 5);
    const significant = 64 - lead - trail;
    // 64 significant bits do not fit in 6 bits; 0 stands for 64, as in Prometheus.
    w.writeBits(significant & 63, 6);
    const [sHi, sLo] = shiftRight(xHi, xLo, trail);
    writeWide(w, sHi, sLo, significant);
  }
  return w.finish();
}

/** Decodes what encodeXorChunk wrote. */
export function decodeXorChunk(bytes: Uint8Array): { timestamps: Float64Array; values: Float64Array } {
  const r = new BitReader(bytes);
  const n = r.readBits(16) * 65536 + r.readBits(16);
  const timestamps = new Float64Array(n);
  const values = new Float64Array(n);
  if (n === 0) return { timestamps, values };
  const [tHi, tLo] = readWide(r, 64);
  timestamps[0] = (tHi | 0) * 2 ** 32 + tLo;
  let [prevHi, prevLo] = readWide(r, 64);
  values[0] = valueOf(prevHi, prevLo);
  let leading = 0;
  let trailing = 0;
  let delta = 0;
  for (let i = 1; i < n; i++) {
    if (i === 1) {
      delta = readSigned(r, 32) * 2 ** 32 + r.readBits(32);
    } else if (r.readBit()) {
      let prefixBits = 1;
      let bucket: (typeof DOD_BUCKETS)[number] | undefined;
      while (!bucket && prefixBits < 4) {
        if (!r.readBit()) bucket = DOD_BUCKETS[prefixBits - 1];
        else prefixBits++;
      }
      delta += bucket ? readSigned(r, bucket[2]) : readSigned(r, 32) * 2 ** 32 + r.readBits(32);
    }
    timestamps[i] = timestamps[i - 1]! + delta;
    if (!r.readBit()) {
      values[i] = valueOf(prevHi, prevLo);
      continue;
    }
    if (r.readBit()) {
      leading = r.readBits(5);
      let significant = r.readBits(6);
      if (significant === 0) significant = 64;
      trailing = 64 - leading - significant;
    }
    const [sHi, sLo] = readWide(r, 64 - leading - trailing);
    const [xHi, xLo] = shiftLeft(sHi, sLo, trailing);
    [prevHi, prevLo] = [(prevHi ^ xHi) >>> 0, (prevLo ^ xLo) >>> 0];
    values[i] = valueOf(prevHi, prevLo);
  }
  return { timestamps, values };
}
