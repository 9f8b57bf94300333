import { compressSync } from 'snappy';
import { describe, expect, it } from 'vitest';
import { isDomainError } from '@braid/model';
import { decodeSnappyBlock } from '../src/http/snappy-body.js';

const MAX = 1024;

/** A snappy preamble (the uncompressed length as a varint) followed by `rest`. */
function claiming(length: number, rest: Uint8Array = new Uint8Array(0)): Buffer {
  const bytes: number[] = [];
  let n = length;
  while (n >= 128) {
    bytes.push((n % 128) | 128);
    n = Math.floor(n / 128);
  }
  bytes.push(n);
  return Buffer.concat([Buffer.from(bytes), rest]);
}

const CASES: readonly { name: string; body: () => Uint8Array; kind: 'BadInput' | 'TooLarge'; message: RegExp }[] = [
  { name: 'an empty body', body: () => new Uint8Array(0), kind: 'BadInput', message: /^empty body/ },
  { name: 'a preamble cut short', body: () => Uint8Array.of(0x80, 0x80), kind: 'BadInput', message: /truncated length preamble/ },
  { name: 'a preamble past 32 bits', body: () => Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0x7f, 0), kind: 'BadInput', message: /not a 32-bit varint/ },
  { name: 'a declared length over the limit, before any allocation', body: () => claiming(MAX + 1), kind: 'TooLarge', message: /exceeds 1024 bytes \(snappy block declares 1025\)/ },
  { name: 'the largest 32-bit length', body: () => claiming(0xffffffff), kind: 'TooLarge', message: /declares 4294967295/ },
  { name: 'a length the compressed bytes cannot hold', body: () => claiming(500, Uint8Array.of(0, 0, 0)), kind: 'BadInput', message: /declares 500 bytes, more than 5 compressed bytes can hold/ },
  { name: 'a corrupt block', body: () => claiming(100, Buffer.alloc(50, 0xff)), kind: 'BadInput', message: /^invalid snappy body: / },
  { name: 'a block shorter than it declares', body: () => compressSync(Buffer.alloc(200, 7)).subarray(0, 6), kind: 'BadInput', message: /^invalid snappy body: / },
];

describe('decodeSnappyBlock', () => {
  it.each(CASES)('refuses $name', ({ body, kind, message }) => {
    let thrown: unknown;
    try {
      decodeSnappyBlock(body(), MAX);
    } catch (error) {
      thrown = error;
    }
    expect(isDomainError(thrown, kind)).toBe(true);
    expect((thrown as Error).message).toMatch(message);
  });

  it.each([0, 1, 100, MAX])('decompresses %i bytes up to the limit', (size) => {
    const data = Buffer.from(Array.from({ length: size }, (_, i) => (i * 31) % 251));
    expect(decodeSnappyBlock(compressSync(data), MAX)).toEqual(data);
  });
});
