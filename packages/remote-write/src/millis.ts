import { DecodeFailure, type WireReader } from '@braid/otlp';

/**
 * An int64 varint (a millisecond timestamp) as a number, without the bigint the generic reader
 * builds: today's timestamps take 6 bytes and are summed exactly in doubles. Negative values
 * (10 bytes) and the cold cases take the bigint path; beyond ±2^53 a value is refused rather
 * than silently rounded.
 */
export function readMillis(r: WireReader): number {
  const buf = r.buf;
  let pos = r.pos;
  let value = 0;
  let scale = 1;
  // Up to 7 bytes hold 49 bits, always exact in a double.
  for (let i = 0; i < 7 && pos < buf.length; i++) {
    const b = buf[pos++]!;
    value += (b & 0x7f) * scale;
    if (b < 0x80) {
      r.pos = pos;
      return value;
    }
    scale *= 128;
  }
  return readMillisSlow(r);
}

function readMillisSlow(r: WireReader): number {
  const at = r.pos;
  const value = r.int64();
  if (value > MAX_EXACT || value < -MAX_EXACT) throw new DecodeFailure(`timestamp ${value} at byte ${at} is beyond ±2^53 milliseconds`);
  return Number(value);
}

const MAX_EXACT = BigInt(Number.MAX_SAFE_INTEGER);
