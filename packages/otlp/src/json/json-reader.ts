import { DecodeFailure, within } from '../decode-failure.js';

/*
 * Typed reads of one field of a parsed OTLP/JSON object. Each takes the key it was found under,
 * so an error names the field (`...spans[2].traceId: not 32 hex characters`). The message
 * decoders loop over an object's keys once and switch on them, which accepts both the
 * lowerCamelCase and the proto field names and ignores unknown fields, as protobuf JSON parsers do.
 */

export type JsonObject = { readonly [key: string]: unknown };

const UINT32_MAX = 0xffffffff;
const INT32_MIN = -0x80000000;
const INT32_MAX = 0x7fffffff;
const UINT64_MAX = (1n << 64n) - 1n;
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const INTEGER = /^-?\d+$/;
const DECIMAL = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const HEX = /^[0-9a-fA-F]*$/;
const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

/** An error about one field, or about a list element (no key: the list adds `[i]`). */
export function fieldError(key: string | undefined, problem: string): DecodeFailure {
  const failure = new DecodeFailure(problem);
  return key === undefined ? failure : within(failure, key);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

/** A JSON object (a message); arrays and scalars are refused. */
export function asObject(value: unknown, key?: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw fieldError(key, `expected an object, got ${describe(value)}`);
  return value as JsonObject;
}

/** A JSON array (a repeated field). */
export function asArray(value: unknown, key: string): readonly unknown[] {
  if (!Array.isArray(value)) throw fieldError(key, `expected an array, got ${describe(value)}`);
  return value;
}

export function asString(value: unknown, key: string): string {
  if (typeof value !== 'string') throw fieldError(key, `expected a string, got ${describe(value)}`);
  return value;
}

export function asBool(value: unknown, key: string): boolean {
  if (typeof value !== 'boolean') throw fieldError(key, `expected true or false, got ${describe(value)}`);
  return value;
}

function integer(value: unknown, key: string, what: string): number {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && INTEGER.test(value)) return Number(value);
  throw fieldError(key, `not ${what}: ${describe(value)}`);
}

/** uint32 (counts, flags): a number or a decimal string. */
export function asUint32(value: unknown, key: string): number {
  const n = integer(value, key, 'an unsigned 32-bit integer');
  if (n < 0 || n > UINT32_MAX) throw fieldError(key, `not an unsigned 32-bit integer: ${n}`);
  return n;
}

/** int32 and sint32: a number or a decimal string. */
export function asInt32(value: unknown, key: string): number {
  const n = integer(value, key, 'a 32-bit integer');
  if (n < INT32_MIN || n > INT32_MAX) throw fieldError(key, `not a 32-bit integer: ${n}`);
  return n;
}

function bigInteger(value: unknown, key: string, what: string): bigint {
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  if (typeof value === 'string' && INTEGER.test(value)) return BigInt(value);
  throw fieldError(key, `not ${what}: ${describe(value)}`);
}

/** fixed64/uint64 (timestamps, counts): a decimal string or a number. */
export function asUint64(value: unknown, key: string): bigint {
  const n = bigInteger(value, key, 'an unsigned 64-bit integer');
  if (n < 0n || n > UINT64_MAX) throw fieldError(key, `not an unsigned 64-bit integer: ${n}`);
  return n;
}

/** int64/sfixed64: a decimal string or a number. */
export function asInt64(value: unknown, key: string): bigint {
  const n = bigInteger(value, key, 'a 64-bit integer');
  if (n < INT64_MIN || n > INT64_MAX) throw fieldError(key, `not a 64-bit integer: ${n}`);
  return n;
}

/** A double: a number, a numeric string, or "NaN" / "Infinity" / "-Infinity". */
export function asDouble(value: unknown, key: string): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    if (value === 'NaN') return NaN;
    if (value === 'Infinity') return Infinity;
    if (value === '-Infinity') return -Infinity;
    if (DECIMAL.test(value)) return Number(value);
  }
  throw fieldError(key, `not a number: ${describe(value)}`);
}

/** An enum: its integer value (what OTLP/JSON sends) or its name (what protobuf JSON allows). */
export function asEnum(value: unknown, key: string, names: ReadonlyMap<string, number>): number {
  if (typeof value === 'string' && !INTEGER.test(value)) {
    const n = names.get(value);
    if (n === undefined) throw fieldError(key, `unknown enum value ${JSON.stringify(value)}`);
    return n;
  }
  return asInt32(value, key);
}

/** A trace or span id in hex; "" means absent. */
export function asHexId(value: unknown, key: string, length: number): Uint8Array | undefined {
  const hex = asString(value, key);
  if (hex === '') return undefined;
  if (hex.length !== length * 2 || !HEX.test(hex)) throw fieldError(key, `not ${length * 2} hex characters: ${describe(hex)}`);
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (nibble(hex.charCodeAt(2 * i)) << 4) | nibble(hex.charCodeAt(2 * i + 1));
  return out;
}

function nibble(c: number): number {
  return c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x57;
}

/** Bytes in base64 (standard or URL-safe, padding optional), copied into a plain Uint8Array. */
export function asBase64(value: unknown, key: string): Uint8Array {
  const text = asString(value, key);
  if (!BASE64.test(text) || text.length % 4 === 1) throw fieldError(key, `not base64: ${describe(text)}`);
  return new Uint8Array(Buffer.from(text, 'base64'));
}

/** Parses the request text; anything but a JSON object at the top is refused. */
export function parseJsonObject(text: string): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new DecodeFailure(`invalid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DecodeFailure(`expected a JSON object at the top level, got ${describe(value)}`);
  }
  return value as JsonObject;
}
