import { DecodeFailure } from '../decode-failure.js';
import { WIRE_I32, WIRE_I64, WIRE_LEN, WIRE_VARINT, type WireReader } from './wire-reader.js';

const WIRE_NAMES = ['varint', 'i64', 'len', 'start-group', 'end-group', 'i32', '6', '7'];

/** Field names and wire types of one message, so a decoder's cold path can name what went wrong. */
export interface MessageSchema {
  readonly name: string;
  readonly fields: ReadonlyMap<number, { readonly name: string; readonly wire: number }>;
}

export type WireKind = 'varint' | 'i64' | 'len' | 'i32';
const WIRE_OF: Record<WireKind, number> = { varint: WIRE_VARINT, i64: WIRE_I64, len: WIRE_LEN, i32: WIRE_I32 };

/** Declares a message: `{ trace_id: [1, 'len'], ... }`. */
export function messageSchema(name: string, fields: Record<string, readonly [number, WireKind]>): MessageSchema {
  const map = new Map<number, { name: string; wire: number }>();
  for (const [field, [number, wire]] of Object.entries(fields)) map.set(number, { name: field, wire: WIRE_OF[wire] });
  return { name, fields: map };
}

/**
 * The default branch of every decoder's switch: an unknown field is skipped (forward
 * compatibility), a known field with a wire type the decoder does not read is an error.
 */
export function skipField(r: WireReader, tag: number, schema: MessageSchema): void {
  const number = tag >>> 3;
  const at = r.pos - varintLength(tag);
  if (number === 0) throw new DecodeFailure(`invalid field number 0 in ${schema.name} at byte ${at}`);
  if ((tag & 7) > 5) throw new DecodeFailure(`invalid wire type ${tag & 7} at byte ${at}`);
  const known = schema.fields.get(number);
  if (known !== undefined) {
    throw new DecodeFailure(
      `${schema.name}.${known.name} (field ${number}) has wire type ${WIRE_NAMES[tag & 7]}, expected ${WIRE_NAMES[known.wire]} at byte ${at}`,
    );
  }
  r.skip(tag);
}

function varintLength(n: number): number {
  let length = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 128);
    length++;
  }
  return length;
}
