import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STALE_NAN } from '@braid/model';
import { decodeXorChunk, encodeXorChunk } from '../src/codec/xor-chunk.js';

const bits = (values: ArrayLike<number>): bigint[] => Array.from(values, (v) => new BigUint64Array(Float64Array.of(v).buffer)[0]!);

describe('XOR chunk', () => {
  it('round-trips timestamps and the exact bits of every value', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 10_000_000 }), fc.double()), { maxLength: 300 }),
        fc.integer({ min: -1e12, max: 2e12 }),
        (points, start) => {
          let t = start;
          const timestamps = points.map(([gap]) => (t += gap));
          const values = [...points.map(([, v]) => v)];
          if (values.length > 2) values[1] = STALE_NAN;
          const decoded = decodeXorChunk(encodeXorChunk(timestamps, Float64Array.from(values)));
          expect(Array.from(decoded.timestamps)).toEqual(timestamps);
          expect(bits(decoded.values)).toEqual(bits(Float64Array.from(values)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('stores a regular 15 s scrape of a slowly growing counter in about a byte per sample', () => {
    const timestamps = Array.from({ length: 120 }, (_, i) => 1_700_000_000_000 + i * 15_000);
    const values = Array.from({ length: 120 }, (_, i) => 1000 + i * 3);
    const bytes = encodeXorChunk(timestamps, values);
    expect(decodeXorChunk(bytes).values).toEqual(Float64Array.from(values));
    expect(bytes.length / 120).toBeLessThan(2);
  });
});
