/**
 * An OTLP AnyValue, encoded so the JS type tells the OTLP type and nothing is allocated for scalars:
 * string → string, bool → boolean, int → bigint, double → number, bytes → Uint8Array,
 * array → AnyValue[], kvlist → KeyValueList, unset → null.
 */
export type AnyValue =
  | string
  | boolean
  | bigint
  | number
  | Uint8Array
  | readonly AnyValue[]
  | KeyValueList
  | null;

/** An OTLP kvlist value; a wrapper so it is distinct from an array of values. */
export interface KeyValueList {
  readonly kvlist: readonly KeyValue[];
}

export interface KeyValue {
  readonly key: string;
  readonly value: AnyValue;
}

/** Attributes keep their wire order and types; duplicate keys are kept as sent. */
export type Attributes = readonly KeyValue[];

export type AnyValueKind = 'string' | 'bool' | 'int' | 'double' | 'bytes' | 'array' | 'kvlist' | 'empty';

/** Names the OTLP type carried by a value. */
export function anyValueKind(value: AnyValue): AnyValueKind {
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'int';
    case 'number':
      return 'double';
  }
  if (value === null) return 'empty';
  if (value instanceof Uint8Array) return 'bytes';
  if (Array.isArray(value)) return 'array';
  return 'kvlist';
}

/** True when the value is an OTLP kvlist. */
export function isKeyValueList(value: AnyValue): value is KeyValueList {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

/** The first value for a key, or undefined. */
export function attribute(attributes: Attributes, key: string): AnyValue | undefined {
  for (const kv of attributes) if (kv.key === key) return kv.value;
  return undefined;
}

/** A value rendered as text the way Prometheus and Loki labels want it. */
export function anyValueToText(value: AnyValue): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : value > 0 ? '+Inf' : value < 0 ? '-Inf' : 'NaN';
  }
  if (value === null) return '';
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return JSON.stringify(anyValueToPlain(value));
}

/** A JSON-friendly rendering (ints as numbers when safe, bytes as base64). */
export function anyValueToPlain(value: AnyValue): unknown {
  if (typeof value === 'bigint') {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : String(value);
  }
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(anyValueToPlain);
  const out: Record<string, unknown> = {};
  for (const kv of (value as KeyValueList).kvlist) out[kv.key] = anyValueToPlain(kv.value);
  return out;
}
