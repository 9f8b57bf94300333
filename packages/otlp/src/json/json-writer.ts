import { toHex } from '@braid/model';
import type { EnumNames } from './enum-names.js';

/**
 * How to write OTLP as JSON. The defaults are the OTLP/JSON mapping (hex ids, integer enums);
 * `{ ids: 'base64', enums: 'name' }` is the standard protobuf JSON mapping, which Tempo's API uses.
 */
export interface JsonEncodeOptions {
  readonly ids?: 'hex' | 'base64';
  readonly enums?: 'number' | 'name';
}

/** Options with every choice made. */
export interface JsonStyle {
  readonly base64Ids: boolean;
  readonly enumNames: boolean;
}

/** Resolves options against the OTLP/JSON defaults. */
export function jsonStyle(options: JsonEncodeOptions | undefined): JsonStyle {
  return { base64Ids: options?.ids === 'base64', enumNames: options?.enums === 'name' };
}

/** A JSON object under construction; fields holding proto3 defaults are left out. */
export type JsonOut = Record<string, unknown>;

/** int64 and fixed64 are decimal strings in protobuf JSON (JavaScript numbers lose precision). */
export function int64Json(value: bigint): string {
  return value.toString();
}

/** Doubles are numbers, except the non-finite ones which JSON cannot hold. */
export function doubleJson(value: number): number | string {
  if (Number.isFinite(value)) return value;
  return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
}

export function bytesJson(value: Uint8Array): string {
  return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
}

function idJson(value: Uint8Array, style: JsonStyle): string {
  return style.base64Ids ? bytesJson(value) : toHex(value);
}

/** Sets `out[key]` unless the value is a proto3 default (0, '', false, empty list, undefined). */
export function put(out: JsonOut, key: string, value: unknown): void {
  if (value === undefined || value === 0 || value === '' || value === false) return;
  if (Array.isArray(value) && value.length === 0) return;
  out[key] = value;
}

/** Sets an int64/fixed64 field unless it is 0. */
export function putInt64(out: JsonOut, key: string, value: bigint): void {
  if (value !== 0n) out[key] = int64Json(value);
}

/** Sets an enum field unless it is 0, as a number or by name. */
export function putEnum(out: JsonOut, key: string, value: number, names: EnumNames, style: JsonStyle): void {
  if (value !== 0) out[key] = style.enumNames ? (names.byValue.get(value) ?? value) : value;
}

/** Sets a double field unless it is 0. */
export function putDouble(out: JsonOut, key: string, value: number): void {
  if (value !== 0) out[key] = doubleJson(value);
}

/** Sets an id field unless the id is absent. */
export function putId(out: JsonOut, key: string, value: Uint8Array | undefined, style: JsonStyle): void {
  if (value !== undefined && value.length > 0) out[key] = idJson(value, style);
}
