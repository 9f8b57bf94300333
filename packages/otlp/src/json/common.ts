import type { AnyValue, Attributes, InstrumentationScope, KeyValue, KeyValueList, Resource } from '@braid/model';
import { DecodeFailure, MAX_NESTING_DEPTH, nestingLimit, within } from '../decode-failure.js';
import { asArray, asBase64, asBool, asDouble, asInt64, asObject, asString, asUint32, type JsonObject } from './json-reader.js';
import { bytesJson, doubleJson, int64Json, put, type JsonOut } from './json-writer.js';

// AnyValue, KeyValue, Resource and InstrumentationScope in the OTLP/JSON mapping.

/** Decodes every element of a repeated message field, naming the element if it is bad. */
export function decodeList<T>(value: unknown, key: string, decode: (item: JsonObject) => T): T[] {
  const items = asArray(value, key);
  const out: T[] = [];
  for (let i = 0; i < items.length; i++) {
    try {
      out.push(decode(asObject(items[i])));
    } catch (error) {
      throw within(error, key, i);
    }
  }
  return out;
}

/** Decodes a singular message field, naming it if it is bad. */
export function decodeMessage<T>(value: unknown, key: string, decode: (item: JsonObject) => T): T {
  try {
    return decode(asObject(value));
  } catch (error) {
    throw within(error, key);
  }
}

/** Decodes `{ "stringValue": ... }` and its siblings; `{}` is an empty value (null). */
export function decodeAnyValue(obj: JsonObject, depth: number): AnyValue {
  let value: AnyValue = null;
  let members = 0;
  for (const key in obj) {
    const raw = obj[key];
    if (raw === null || raw === undefined) continue;
    switch (key) {
      case 'stringValue':
      case 'string_value':
        value = asString(raw, key);
        break;
      case 'boolValue':
      case 'bool_value':
        value = asBool(raw, key);
        break;
      case 'intValue':
      case 'int_value':
        value = asInt64(raw, key);
        break;
      case 'doubleValue':
      case 'double_value':
        value = asDouble(raw, key);
        break;
      case 'bytesValue':
      case 'bytes_value':
        value = asBase64(raw, key);
        break;
      case 'arrayValue':
      case 'array_value':
        value = decodeValues(asObject(raw, key), key, depth + 1);
        break;
      case 'kvlistValue':
      case 'kvlist_value':
        value = { kvlist: decodeKeyValues(asObject(raw, key), key, depth + 1) } satisfies KeyValueList;
        break;
      default:
        continue;
    }
    if (++members > 1) throw new DecodeFailure(`more than one value set in an AnyValue (${Object.keys(obj).join(', ')})`);
  }
  return value;
}

function decodeValues(obj: JsonObject, key: string, depth: number): AnyValue[] {
  if (depth > MAX_NESTING_DEPTH) throw nestingLimit();
  const raw = obj.values;
  if (raw === undefined || raw === null) return [];
  const items = asArray(raw, `${key}.values`);
  const out: AnyValue[] = [];
  for (let i = 0; i < items.length; i++) {
    try {
      out.push(decodeAnyValue(asObject(items[i]), depth));
    } catch (error) {
      throw within(error, `${key}.values`, i);
    }
  }
  return out;
}

function decodeKeyValues(obj: JsonObject, key: string, depth: number): KeyValue[] {
  if (depth > MAX_NESTING_DEPTH) throw nestingLimit();
  const raw = obj.values;
  if (raw === undefined || raw === null) return [];
  return decodeAttributesAt(raw, `${key}.values`, depth);
}

/** Decodes a repeated KeyValue field (`attributes`, `metadata`, ...). */
export function decodeAttributes(value: unknown, key: string): KeyValue[] {
  return decodeAttributesAt(value, key, 0);
}

function decodeAttributesAt(value: unknown, key: string, depth: number): KeyValue[] {
  const items = asArray(value, key);
  const out: KeyValue[] = [];
  for (let i = 0; i < items.length; i++) {
    try {
      out.push(decodeKeyValue(asObject(items[i]), depth));
    } catch (error) {
      throw within(error, key, i);
    }
  }
  return out;
}

function decodeKeyValue(obj: JsonObject, depth: number): KeyValue {
  let key = '';
  let value: AnyValue = null;
  for (const name in obj) {
    const raw = obj[name];
    if (raw === null || raw === undefined) continue;
    if (name === 'key') key = asString(raw, name);
    else if (name === 'value') {
      try {
        value = decodeAnyValue(asObject(raw), depth);
      } catch (error) {
        throw within(error, name);
      }
    }
  }
  return { key, value };
}

/** Decodes a Resource. */
export function decodeResource(obj: JsonObject): Resource {
  let attributes: KeyValue[] = [];
  let droppedAttributesCount = 0;
  for (const key in obj) {
    const raw = obj[key];
    if (raw === null || raw === undefined) continue;
    if (key === 'attributes') attributes = decodeAttributes(raw, key);
    else if (key === 'droppedAttributesCount' || key === 'dropped_attributes_count') droppedAttributesCount = asUint32(raw, key);
  }
  return { attributes, droppedAttributesCount };
}

/** Decodes an InstrumentationScope. */
export function decodeScope(obj: JsonObject): InstrumentationScope {
  let name = '';
  let version = '';
  let attributes: KeyValue[] = [];
  let droppedAttributesCount = 0;
  for (const key in obj) {
    const raw = obj[key];
    if (raw === null || raw === undefined) continue;
    if (key === 'name') name = asString(raw, key);
    else if (key === 'version') version = asString(raw, key);
    else if (key === 'attributes') attributes = decodeAttributes(raw, key);
    else if (key === 'droppedAttributesCount' || key === 'dropped_attributes_count') droppedAttributesCount = asUint32(raw, key);
  }
  return { name, version, attributes, droppedAttributesCount };
}

/** Encodes an AnyValue; null is `{}`. */
export function anyValueJson(value: AnyValue): JsonOut {
  switch (typeof value) {
    case 'string':
      return { stringValue: value };
    case 'boolean':
      return { boolValue: value };
    case 'bigint':
      return { intValue: int64Json(value) };
    case 'number':
      return { doubleValue: doubleJson(value) };
  }
  if (value === null) return {};
  if (value instanceof Uint8Array) return { bytesValue: bytesJson(value) };
  if (Array.isArray(value)) return { arrayValue: { values: (value as readonly AnyValue[]).map(anyValueJson) } };
  return { kvlistValue: { values: attributesJson((value as KeyValueList).kvlist) } };
}

/** Encodes attributes; a null value leaves `value` out. */
export function attributesJson(attributes: Attributes): JsonOut[] {
  return attributes.map((kv) => (kv.value === null ? { key: kv.key } : { key: kv.key, value: anyValueJson(kv.value) }));
}

export function resourceJson(resource: Resource): JsonOut {
  const out: JsonOut = {};
  put(out, 'attributes', attributesJson(resource.attributes));
  put(out, 'droppedAttributesCount', resource.droppedAttributesCount);
  return out;
}

export function scopeJson(scope: InstrumentationScope): JsonOut {
  const out: JsonOut = {};
  put(out, 'name', scope.name);
  put(out, 'version', scope.version);
  put(out, 'attributes', attributesJson(scope.attributes));
  put(out, 'droppedAttributesCount', scope.droppedAttributesCount);
  return out;
}
