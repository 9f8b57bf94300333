import type { AnyValue, Attributes, InstrumentationScope, KeyValue, KeyValueList, Resource } from '@braid/model';
import { MAX_NESTING_DEPTH, nestingLimit, within } from '../decode-failure.js';
import { WIRE_I64, WIRE_LEN, WIRE_VARINT, type WireReader } from './wire-reader.js';
import { messageSchema, skipField } from './wire-schema.js';
import type { WireWriter } from './wire-writer.js';

// opentelemetry/proto/common/v1/common.proto and resource/v1/resource.proto.

const ANY_VALUE = messageSchema('AnyValue', {
  string_value: [1, 'len'],
  bool_value: [2, 'varint'],
  int_value: [3, 'varint'],
  double_value: [4, 'i64'],
  array_value: [5, 'len'],
  kvlist_value: [6, 'len'],
  bytes_value: [7, 'len'],
});
const ARRAY_VALUE = messageSchema('ArrayValue', { values: [1, 'len'] });
const KEY_VALUE_LIST = messageSchema('KeyValueList', { values: [1, 'len'] });
const KEY_VALUE = messageSchema('KeyValue', { key: [1, 'len'], value: [2, 'len'] });
const RESOURCE = messageSchema('Resource', { attributes: [1, 'len'], dropped_attributes_count: [2, 'varint'] });
const SCOPE = messageSchema('InstrumentationScope', {
  name: [1, 'len'],
  version: [2, 'len'],
  attributes: [3, 'len'],
  dropped_attributes_count: [4, 'varint'],
});

/** Decodes an AnyValue message ending at `end`; an unset oneof is null. */
export function decodeAnyValue(r: WireReader, end: number, depth: number): AnyValue {
  let value: AnyValue = null;
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 0x0a:
        value = r.string();
        break;
      case 0x10:
        value = r.bool();
        break;
      case 0x18:
        value = r.int64();
        break;
      case 0x21:
        value = r.double();
        break;
      case 0x2a:
        value = decodeValues(r, r.delimitedEnd(), depth + 1);
        break;
      case 0x32:
        value = { kvlist: decodeKeyValues(r, r.delimitedEnd(), depth + 1) } satisfies KeyValueList;
        break;
      case 0x3a:
        value = r.bytes();
        break;
      default:
        skipField(r, tag, ANY_VALUE);
    }
  }
  r.finish(end);
  return value;
}

function decodeValues(r: WireReader, end: number, depth: number): AnyValue[] {
  if (depth > MAX_NESTING_DEPTH) throw nestingLimit();
  const values: AnyValue[] = [];
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag !== 0x0a) {
      skipField(r, tag, ARRAY_VALUE);
      continue;
    }
    try {
      values.push(decodeAnyValue(r, r.delimitedEnd(), depth));
    } catch (error) {
      throw within(error, 'array_value.values', values.length);
    }
  }
  r.finish(end);
  return values;
}

function decodeKeyValues(r: WireReader, end: number, depth: number): KeyValue[] {
  if (depth > MAX_NESTING_DEPTH) throw nestingLimit();
  const values: KeyValue[] = [];
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag !== 0x0a) {
      skipField(r, tag, KEY_VALUE_LIST);
      continue;
    }
    try {
      values.push(decodeKeyValue(r, r.delimitedEnd(), depth));
    } catch (error) {
      throw within(error, 'kvlist_value.values', values.length);
    }
  }
  r.finish(end);
  return values;
}

/** Decodes one KeyValue message ending at `end`. */
export function decodeKeyValue(r: WireReader, end: number, depth: number): KeyValue {
  let key = '';
  let value: AnyValue = null;
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === 0x0a) key = r.string();
    else if (tag === 0x12) value = decodeAnyValue(r, r.delimitedEnd(), depth);
    else skipField(r, tag, KEY_VALUE);
  }
  r.finish(end);
  return { key, value };
}

/** Reads one repeated `attributes` entry into `into`, naming the entry if it is bad. */
export function decodeAttribute(r: WireReader, into: KeyValue[], field = 'attributes'): void {
  try {
    into.push(decodeKeyValue(r, r.delimitedEnd(), 0));
  } catch (error) {
    throw within(error, field, into.length);
  }
}

/** Decodes a singular nested message field, naming the field if it is bad. */
export function decodeMessageField<T>(r: WireReader, decode: (r: WireReader, end: number) => T, field: string): T {
  try {
    return decode(r, r.delimitedEnd());
  } catch (error) {
    throw within(error, field);
  }
}

/** Decodes a Resource message ending at `end`. */
export function decodeResource(r: WireReader, end: number): Resource {
  const attributes: KeyValue[] = [];
  let droppedAttributesCount = 0;
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === 0x0a) decodeAttribute(r, attributes);
    else if (tag === 0x10) droppedAttributesCount = r.uint32();
    else skipField(r, tag, RESOURCE);
  }
  r.finish(end);
  return { attributes, droppedAttributesCount };
}

/** Decodes an InstrumentationScope message ending at `end`. */
export function decodeScope(r: WireReader, end: number): InstrumentationScope {
  let name = '';
  let version = '';
  const attributes: KeyValue[] = [];
  let droppedAttributesCount = 0;
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === 0x0a) name = r.string();
    else if (tag === 0x12) version = r.string();
    else if (tag === 0x1a) decodeAttribute(r, attributes);
    else if (tag === 0x20) droppedAttributesCount = r.uint32();
    else skipField(r, tag, SCOPE);
  }
  r.finish(end);
  return { name, version, attributes, droppedAttributesCount };
}

/** Writes an AnyValue's oneof member; null writes nothing (an empty AnyValue). */
export function encodeAnyValueBody(w: WireWriter, value: AnyValue): void {
  switch (typeof value) {
    case 'string':
      w.tag(1, WIRE_LEN);
      w.string(value);
      return;
    case 'boolean':
      w.tag(2, WIRE_VARINT);
      w.uint32(value ? 1 : 0);
      return;
    case 'bigint':
      w.tag(3, WIRE_VARINT);
      w.int64(value);
      return;
    case 'number':
      w.tag(4, WIRE_I64);
      w.double(value);
      return;
  }
  if (value === null) return;
  if (value instanceof Uint8Array) {
    w.tag(7, WIRE_LEN);
    w.bytes(value);
    return;
  }
  if (Array.isArray(value)) {
    const array = w.begin(5);
    for (const item of value as readonly AnyValue[]) {
      const start = w.begin(1);
      encodeAnyValueBody(w, item);
      w.end(start);
    }
    w.end(array);
    return;
  }
  const kvlist = w.begin(6);
  encodeAttributes(w, 1, (value as KeyValueList).kvlist);
  w.end(kvlist);
}

/** Writes repeated KeyValue messages in `field`. */
export function encodeAttributes(w: WireWriter, field: number, attributes: Attributes): void {
  for (const kv of attributes) {
    const start = w.begin(field);
    w.stringField(1, kv.key);
    if (kv.value !== null) {
      const value = w.begin(2);
      encodeAnyValueBody(w, kv.value);
      w.end(value);
    }
    w.end(start);
  }
}

/** Writes a Resource message in `field`. */
export function encodeResource(w: WireWriter, field: number, resource: Resource): void {
  const start = w.begin(field);
  encodeAttributes(w, 1, resource.attributes);
  w.uint32Field(2, resource.droppedAttributesCount);
  w.end(start);
}

/** Writes an InstrumentationScope message in `field`. */
export function encodeScope(w: WireWriter, field: number, scope: InstrumentationScope): void {
  const start = w.begin(field);
  w.stringField(1, scope.name);
  w.stringField(2, scope.version);
  encodeAttributes(w, 3, scope.attributes);
  w.uint32Field(4, scope.droppedAttributesCount);
  w.end(start);
}
