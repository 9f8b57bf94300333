import type { AnyValue, Attributes, KeyValue } from '@braid/model';

/*
 * Lossless JSON text for OTLP values, chosen so DuckDB's JSON functions can filter on it:
 * the common kinds are plain JSON (string, bool, safe integers as numbers, arrays), the rest
 * are one-key wrappers: {"d":x} double (x is a string for NaN/±Infinity), {"i":"…"} an int
 * beyond 2^53, {"b":"base64"} bytes, {"m":…} a kvlist. Attributes are a JSON object; when a
 * key repeats (OTLP allows it) they become an array of [key, value] pairs so nothing is lost.
 */

/** Encodes attributes; empty attributes become '{}'. */
export function encodeAttributes(attributes: Attributes): string {
  return JSON.stringify(attributesToJson(attributes));
}

/** Decodes what encodeAttributes wrote. */
export function decodeAttributes(text: string): KeyValue[] {
  return attributesFromJson(JSON.parse(text) as unknown);
}

/** Encodes one value. */
export function encodeAnyValue(value: AnyValue): string {
  return JSON.stringify(toJson(value));
}

/** Decodes what encodeAnyValue wrote. */
export function decodeAnyValue(text: string): AnyValue {
  return fromJson(JSON.parse(text) as unknown);
}

/** Attributes as a JSON-ready value, for embedding in a larger document. */
export function attributesToJson(kvs: readonly KeyValue[]): unknown {
  if (needsPairs(kvs)) return kvs.map((kv) => [kv.key, toJson(kv.value)]);
  const out: Record<string, unknown> = {};
  for (const kv of kvs) out[kv.key] = toJson(kv.value);
  return out;
}

/** Pairs keep order and duplicates where a JS object would not (repeated, index-like or `__proto__` keys). */
function needsPairs(kvs: readonly KeyValue[]): boolean {
  const seen = new Set<string>();
  for (const kv of kvs) {
    if (seen.has(kv.key) || kv.key === '__proto__' || INDEX_LIKE.test(kv.key)) return true;
    seen.add(kv.key);
  }
  return false;
}

const INDEX_LIKE = /^(?:0|[1-9][0-9]*)$/;

function toJson(value: AnyValue): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'bigint':
      return value >= -SAFE && value <= SAFE ? Number(value) : { i: value.toString() };
    case 'number':
      return { d: Number.isFinite(value) ? (Object.is(value, -0) ? '-0' : value) : String(value) };
  }
  if (value === null) return null;
  if (value instanceof Uint8Array) return { b: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  if (Array.isArray(value)) return (value as readonly AnyValue[]).map(toJson);
  return { m: attributesToJson((value as { kvlist: readonly KeyValue[] }).kvlist) };
}

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function fromJson(json: unknown): AnyValue {
  switch (typeof json) {
    case 'string':
    case 'boolean':
      return json;
    case 'number':
      return BigInt(json);
  }
  if (json === null) return null;
  if (Array.isArray(json)) return json.map(fromJson);
  const wrapper = json as { d?: number | string; i?: string; b?: string; m?: unknown };
  if (wrapper.d !== undefined) return typeof wrapper.d === 'number' ? wrapper.d : Number(wrapper.d);
  if (wrapper.i !== undefined) return BigInt(wrapper.i);
  if (wrapper.b !== undefined) return new Uint8Array(Buffer.from(wrapper.b, 'base64'));
  return { kvlist: attributesFromJson(wrapper.m) };
}

/** Attributes from a parsed JSON value written by attributesToJson. */
export function attributesFromJson(json: unknown): KeyValue[] {
  if (Array.isArray(json)) return (json as [string, unknown][]).map(([key, value]) => ({ key, value: fromJson(value) }));
  const out: KeyValue[] = [];
  for (const [key, value] of Object.entries(json as Record<string, unknown>)) out.push({ key, value: fromJson(value) });
  return out;
}
