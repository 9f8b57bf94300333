import type {
  Exemplar,
  ExponentialHistogramBuckets,
  ExponentialHistogramDataPoint,
  HistogramDataPoint,
  KeyValue,
  MetricValue,
  NumberDataPoint,
  SummaryDataPoint,
  UnixNano,
  ValueAtQuantile,
} from '@braid/model';
import { DecodeFailure, within } from '../decode-failure.js';
import { decodeAttribute, encodeAttributes } from './common.js';
import { optionalSpanId, optionalTraceId } from '../ids.js';
import { WIRE_I64, type WireReader } from './wire-reader.js';
import { messageSchema, skipField } from './wire-schema.js';
import type { WireWriter } from './wire-writer.js';

// The data points of opentelemetry/proto/metrics/v1/metrics.proto.

const POINT_BASE = { start_time_unix_nano: [2, 'i64'], time_unix_nano: [3, 'i64'] } as const;
const NUMBER_POINT = messageSchema('number_data_point', { ...POINT_BASE, attributes: [7, 'len'], as_double: [4, 'i64'], as_int: [6, 'i64'], exemplars: [5, 'len'], flags: [8, 'varint'] });
const HISTOGRAM_POINT = messageSchema('histogram_data_point', {
  ...POINT_BASE,
  attributes: [9, 'len'],
  count: [4, 'i64'],
  sum: [5, 'i64'],
  bucket_counts: [6, 'len'],
  explicit_bounds: [7, 'len'],
  exemplars: [8, 'len'],
  flags: [10, 'varint'],
  min: [11, 'i64'],
  max: [12, 'i64'],
});
const EXPONENTIAL_POINT = messageSchema('exponential_histogram_data_point', {
  ...POINT_BASE,
  attributes: [1, 'len'],
  count: [4, 'i64'],
  sum: [5, 'i64'],
  scale: [6, 'varint'],
  zero_count: [7, 'i64'],
  positive: [8, 'len'],
  negative: [9, 'len'],
  flags: [10, 'varint'],
  exemplars: [11, 'len'],
  min: [12, 'i64'],
  max: [13, 'i64'],
  zero_threshold: [14, 'i64'],
});
const BUCKETS = messageSchema('buckets', { offset: [1, 'varint'], bucket_counts: [2, 'len'] });
const SUMMARY_POINT = messageSchema('summary_data_point', { ...POINT_BASE, attributes: [7, 'len'], count: [4, 'i64'], sum: [5, 'i64'], quantile_values: [6, 'len'], flags: [8, 'varint'] });
const QUANTILE = messageSchema('value_at_quantile', { quantile: [1, 'i64'], value: [2, 'i64'] });
const EXEMPLAR = messageSchema('exemplar', { filtered_attributes: [7, 'len'], time_unix_nano: [2, 'i64'], as_double: [3, 'i64'], as_int: [6, 'i64'], span_id: [4, 'len'], trace_id: [5, 'len'] });

const NO_BUCKETS: ExponentialHistogramBuckets = { offset: 0, bucketCounts: [] };

/** Decodes a NumberDataPoint; a point with neither as_double nor as_int has the value 0. */
export function decodeNumberPoint(r: WireReader, end: number): NumberDataPoint {
  const attributes: KeyValue[] = [];
  let startTimeUnixNano = 0n;
  let timeUnixNano = 0n;
  let value: MetricValue = 0;
  const exemplars: Exemplar[] = [];
  let flags = 0;
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === 0x3a) decodeAttribute(r, attributes);
    else if (tag === 0x11) startTimeUnixNano = r.fixed64();
    else if (tag === 0x19) timeUnixNano = r.fixed64();
    else if (tag === 0x21) value = r.double();
    else if (tag === 0x31) value = r.sfixed64();
    else if (tag === 0x2a) decodeExemplar(r, exemplars);
    else if (tag === 0x40) flags = r.uint32();
    else skipField(r, tag, NUMBER_POINT);
  }
  r.finish(end);
  return { attributes, startTimeUnixNano: startTimeUnixNano as UnixNano, timeUnixNano: timeUnixNano as UnixNano, flags, value, exemplars };
}

/** Decodes a HistogramDataPoint; sum, min and max stay undefined when absent. */
export function decodeHistogramPoint(r: WireReader, end: number): HistogramDataPoint {
  const attributes: KeyValue[] = [];
  let startTimeUnixNano = 0n;
  let timeUnixNano = 0n;
  let count = 0n;
  let sum: number | undefined;
  const bucketCounts: bigint[] = [];
  const explicitBounds: number[] = [];
  const exemplars: Exemplar[] = [];
  let flags = 0;
  let min: number | undefined;
  let max: number | undefined;
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 0x4a:
        decodeAttribute(r, attributes);
        break;
      case 0x11:
        startTimeUnixNano = r.fixed64();
        break;
      case 0x19:
        timeUnixNano = r.fixed64();
        break;
      case 0x21:
        count = r.fixed64();
        break;
      case 0x29:
        sum = r.double();
        break;
      case 0x31:
        bucketCounts.push(r.fixed64());
        break;
      case 0x32:
        readPacked64(r, bucketCounts, 'bucket_counts');
        break;
      case 0x39:
        explicitBounds.push(r.double());
        break;
      case 0x3a:
        readPackedDoubles(r, explicitBounds);
        break;
      case 0x42:
        decodeExemplar(r, exemplars);
        break;
      case 0x50:
        flags = r.uint32();
        break;
      case 0x59:
        min = r.double();
        break;
      case 0x61:
        max = r.double();
        break;
      default:
        skipField(r, tag, HISTOGRAM_POINT);
    }
  }
  r.finish(end);
  return {
    attributes,
    startTimeUnixNano: startTimeUnixNano as UnixNano,
    timeUnixNano: timeUnixNano as UnixNano,
    flags,
    count,
    sum,
    bucketCounts,
    explicitBounds,
    exemplars,
    min,
    max,
  };
}

/** Decodes an ExponentialHistogramDataPoint; absent bucket ranges are empty at offset 0. */
export function decodeExponentialPoint(r: WireReader, end: number): ExponentialHistogramDataPoint {
  const attributes: KeyValue[] = [];
  let startTimeUnixNano = 0n;
  let timeUnixNano = 0n;
  let count = 0n;
  let sum: number | undefined;
  let scale = 0;
  let zeroCount = 0n;
  let positive = NO_BUCKETS;
  let negative = NO_BUCKETS;
  let flags = 0;
  const exemplars: Exemplar[] = [];
  let min: number | undefined;
  let max: number | undefined;
  let zeroThreshold = 0;
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 0x0a:
        decodeAttribute(r, attributes);
        break;
      case 0x11:
        startTimeUnixNano = r.fixed64();
        break;
      case 0x19:
        timeUnixNano = r.fixed64();
        break;
      case 0x21:
        count = r.fixed64();
        break;
      case 0x29:
        sum = r.double();
        break;
      case 0x30:
        scale = r.sint32();
        break;
      case 0x39:
        zeroCount = r.fixed64();
        break;
      case 0x42:
        positive = decodeBuckets(r, 'positive');
        break;
      case 0x4a:
        negative = decodeBuckets(r, 'negative');
        break;
      case 0x50:
        flags = r.uint32();
        break;
      case 0x5a:
        decodeExemplar(r, exemplars);
        break;
      case 0x61:
        min = r.double();
        break;
      case 0x69:
        max = r.double();
        break;
      case 0x71:
        zeroThreshold = r.double();
        break;
      default:
        skipField(r, tag, EXPONENTIAL_POINT);
    }
  }
  r.finish(end);
  return {
    attributes,
    startTimeUnixNano: startTimeUnixNano as UnixNano,
    timeUnixNano: timeUnixNano as UnixNano,
    flags,
    count,
    sum,
    scale,
    zeroCount,
    positive,
    negative,
    exemplars,
    min,
    max,
    zeroThreshold,
  };
}

function decodeBuckets(r: WireReader, field: string): ExponentialHistogramBuckets {
  try {
    const end = r.delimitedEnd();
    let offset = 0;
    const bucketCounts: bigint[] = [];
    while (r.pos < end) {
      const tag = r.uint32();
      if (tag === 0x08) offset = r.sint32();
      else if (tag === 0x10) bucketCounts.push(r.uint64());
      else if (tag === 0x12) {
        const packedEnd = r.delimitedEnd();
        while (r.pos < packedEnd) bucketCounts.push(r.uint64());
        r.finish(packedEnd);
      } else skipField(r, tag, BUCKETS);
    }
    r.finish(end);
    return { offset, bucketCounts };
  } catch (error) {
    throw within(error, field);
  }
}

/** Decodes a SummaryDataPoint. */
export function decodeSummaryPoint(r: WireReader, end: number): SummaryDataPoint {
  const attributes: KeyValue[] = [];
  let startTimeUnixNano = 0n;
  let timeUnixNano = 0n;
  let count = 0n;
  let sum = 0;
  const quantileValues: ValueAtQuantile[] = [];
  let flags = 0;
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === 0x3a) decodeAttribute(r, attributes);
    else if (tag === 0x11) startTimeUnixNano = r.fixed64();
    else if (tag === 0x19) timeUnixNano = r.fixed64();
    else if (tag === 0x21) count = r.fixed64();
    else if (tag === 0x29) sum = r.double();
    else if (tag === 0x32) quantileValues.push(decodeQuantile(r, r.delimitedEnd()));
    else if (tag === 0x40) flags = r.uint32();
    else skipField(r, tag, SUMMARY_POINT);
  }
  r.finish(end);
  return { attributes, startTimeUnixNano: startTimeUnixNano as UnixNano, timeUnixNano: timeUnixNano as UnixNano, flags, count, sum, quantileValues };
}

function decodeQuantile(r: WireReader, end: number): ValueAtQuantile {
  let quantile = 0;
  let value = 0;
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === 0x09) quantile = r.double();
    else if (tag === 0x11) value = r.double();
    else skipField(r, tag, QUANTILE);
  }
  r.finish(end);
  return { quantile, value };
}

function decodeExemplar(r: WireReader, into: Exemplar[]): void {
  try {
    const end = r.delimitedEnd();
    const filteredAttributes: KeyValue[] = [];
    let timeUnixNano = 0n;
    let value: MetricValue = 0;
    let spanId: Uint8Array | undefined;
    let traceId: Uint8Array | undefined;
    while (r.pos < end) {
      const tag = r.uint32();
      if (tag === 0x3a) decodeAttribute(r, filteredAttributes, 'filtered_attributes');
      else if (tag === 0x11) timeUnixNano = r.fixed64();
      else if (tag === 0x19) value = r.double();
      else if (tag === 0x31) value = r.sfixed64();
      else if (tag === 0x22) spanId = r.bytes();
      else if (tag === 0x2a) traceId = r.bytes();
      else skipField(r, tag, EXEMPLAR);
    }
    r.finish(end);
    into.push({
      filteredAttributes,
      timeUnixNano: timeUnixNano as UnixNano,
      value,
      spanId: optionalSpanId(spanId, 'exemplar.span_id'),
      traceId: optionalTraceId(traceId, 'exemplar.trace_id'),
    });
  } catch (error) {
    throw within(error, 'exemplars', into.length);
  }
}

function readPacked64(r: WireReader, into: bigint[], field: string): void {
  const end = r.delimitedEnd();
  if ((end - r.pos) % 8 !== 0) throw new DecodeFailure(`packed ${field} is ${end - r.pos} bytes, not a multiple of 8`);
  while (r.pos < end) into.push(r.fixed64());
}

function readPackedDoubles(r: WireReader, into: number[]): void {
  const end = r.delimitedEnd();
  if ((end - r.pos) % 8 !== 0) throw new DecodeFailure(`packed explicit_bounds is ${end - r.pos} bytes, not a multiple of 8`);
  while (r.pos < end) into.push(r.double());
}

function writePointBase(w: WireWriter, point: NumberDataPoint | HistogramDataPoint | ExponentialHistogramDataPoint | SummaryDataPoint): void {
  w.fixed64Field(2, point.startTimeUnixNano);
  w.fixed64Field(3, point.timeUnixNano);
}

function writeValue(w: WireWriter, doubleField: number, intField: number, value: MetricValue): void {
  if (typeof value === 'bigint') {
    w.tag(intField, WIRE_I64);
    w.fixed64(value);
  } else w.optionalDoubleField(doubleField, value);
}

/** Writes a NumberDataPoint in `field`. */
export function writeNumberPoint(w: WireWriter, field: number, point: NumberDataPoint): void {
  const start = w.begin(field);
  encodeAttributes(w, 7, point.attributes);
  writePointBase(w, point);
  writeValue(w, 4, 6, point.value);
  for (const exemplar of point.exemplars) writeExemplar(w, 5, exemplar);
  w.uint32Field(8, point.flags);
  w.end(start);
}

/** Writes a HistogramDataPoint in `field`; repeated scalars are packed. */
export function writeHistogramPoint(w: WireWriter, field: number, point: HistogramDataPoint): void {
  const start = w.begin(field);
  encodeAttributes(w, 9, point.attributes);
  writePointBase(w, point);
  w.fixed64Field(4, point.count);
  w.optionalDoubleField(5, point.sum);
  if (point.bucketCounts.length > 0) {
    const packed = w.begin(6);
    for (const c of point.bucketCounts) w.fixed64(c);
    w.end(packed);
  }
  if (point.explicitBounds.length > 0) {
    const packed = w.begin(7);
    for (const b of point.explicitBounds) w.double(b);
    w.end(packed);
  }
  for (const exemplar of point.exemplars) writeExemplar(w, 8, exemplar);
  w.uint32Field(10, point.flags);
  w.optionalDoubleField(11, point.min);
  w.optionalDoubleField(12, point.max);
  w.end(start);
}

/** Writes an ExponentialHistogramDataPoint in `field`. */
export function writeExponentialPoint(w: WireWriter, field: number, point: ExponentialHistogramDataPoint): void {
  const start = w.begin(field);
  encodeAttributes(w, 1, point.attributes);
  writePointBase(w, point);
  w.fixed64Field(4, point.count);
  w.optionalDoubleField(5, point.sum);
  w.sint32Field(6, point.scale);
  w.fixed64Field(7, point.zeroCount);
  writeBuckets(w, 8, point.positive);
  writeBuckets(w, 9, point.negative);
  w.uint32Field(10, point.flags);
  for (const exemplar of point.exemplars) writeExemplar(w, 11, exemplar);
  w.optionalDoubleField(12, point.min);
  w.optionalDoubleField(13, point.max);
  w.doubleField(14, point.zeroThreshold);
  w.end(start);
}

function writeBuckets(w: WireWriter, field: number, buckets: ExponentialHistogramBuckets): void {
  if (buckets.offset === 0 && buckets.bucketCounts.length === 0) return;
  const start = w.begin(field);
  w.sint32Field(1, buckets.offset);
  if (buckets.bucketCounts.length > 0) {
    const packed = w.begin(2);
    for (const c of buckets.bucketCounts) w.uint64(c);
    w.end(packed);
  }
  w.end(start);
}

/** Writes a SummaryDataPoint in `field`. */
export function writeSummaryPoint(w: WireWriter, field: number, point: SummaryDataPoint): void {
  const start = w.begin(field);
  encodeAttributes(w, 7, point.attributes);
  writePointBase(w, point);
  w.fixed64Field(4, point.count);
  w.doubleField(5, point.sum);
  for (const q of point.quantileValues) {
    const quantile = w.begin(6);
    w.doubleField(1, q.quantile);
    w.doubleField(2, q.value);
    w.end(quantile);
  }
  w.uint32Field(8, point.flags);
  w.end(start);
}

function writeExemplar(w: WireWriter, field: number, exemplar: Exemplar): void {
  const start = w.begin(field);
  encodeAttributes(w, 7, exemplar.filteredAttributes);
  w.fixed64Field(2, exemplar.timeUnixNano);
  writeValue(w, 3, 6, exemplar.value);
  w.bytesField(4, exemplar.spanId);
  w.bytesField(5, exemplar.traceId);
  w.end(start);
}
