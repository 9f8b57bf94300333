import type { PositionRange } from '../ast.js';
import { PromQLError } from '../query.js';

/**
 * The query being parsed. lezer and JS count UTF-16 code units; Prometheus' positions count UTF-8
 * bytes, and so do the AST's. Every position leaving the parser goes through here.
 */
export class QueryText {
  private readonly bytes: Uint8Array;
  /** Byte offset of each UTF-16 index; undefined for ASCII text, where they are equal. */
  private readonly offsets: Uint32Array | undefined;

  constructor(readonly text: string) {
    this.bytes = new TextEncoder().encode(text);
    this.offsets = this.bytes.length === text.length ? undefined : byteOffsets(text);
  }

  /** The UTF-8 byte offset of a UTF-16 index. */
  offset(index: number): number {
    return this.offsets ? this.offsets[index]! : index;
  }

  /** The byte range of a UTF-16 range. */
  range(from: number, to: number): PositionRange {
    return { start: this.offset(from), end: this.offset(to) };
  }

  /** The byte offset of the first non-space byte at or after `offset`. */
  skipSpaces(offset: number): number {
    let at = offset;
    while (at < this.bytes.length && isSpace(this.bytes[at]!)) at++;
    return at;
  }

  /** The byte offset of the last non-space byte at or before `offset`. */
  skipSpacesBack(offset: number): number {
    let at = offset;
    while (at > 0 && isSpace(this.bytes[at]!)) at--;
    return at;
  }

  /** A parse or type error at a byte offset, worded as Prometheus does: `<line>:<column>: parse error: <message>`. */
  errorAt(offset: number, message: string): PromQLError {
    return new PromQLError('bad_data', `${this.lineColumn(offset)}: parse error: ${message}`);
  }

  /** A parse error at a UTF-16 index (lezer positions). */
  errorAtIndex(index: number, message: string): PromQLError {
    return this.errorAt(this.offset(index), message);
  }

  private lineColumn(offset: number): string {
    if (this.text === '') return 'unknown position';
    let line = 1;
    let lastBreak = -1;
    for (let i = 0; i < offset && i < this.bytes.length; i++) {
      if (this.bytes[i] === 0x0a) {
        line++;
        lastBreak = i;
      }
    }
    return `${line}:${offset - lastBreak}`;
  }
}

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

function byteOffsets(text: string): Uint32Array {
  const offsets = new Uint32Array(text.length + 1);
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    offsets[i] = bytes;
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    // A surrogate pair is four bytes, counted two per half.
    else if (code >= 0xd800 && code < 0xe000) bytes += 2;
    else bytes += 3;
  }
  offsets[text.length] = bytes;
  return offsets;
}
