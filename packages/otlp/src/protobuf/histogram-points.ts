import type { Exemplar, ExponentialHistogramBuckets, ExponentialHistogramDataPoint, HistogramDataPoint, KeyValue, UnixNano } from '@braid/model';
import { DecodeFailure, within } from '../decode-failure.js';
import { decodeAttribute, encodeAttributes } from './common.js';
import { POINT_BASE, writePointTimes } from './data-points.js';
import { decodeExemplar, writeExemplar } from './exemplars.js';
import type { WireReader } from './wire-reader.js';
import { messageSchema, skipField } from './wire-schema.js';
import type { WireWriter } from './wire-writer.js';

// HistogramDataPoint and ExponentialHistogramDataPoint of opentelemetry/proto/metrics/v1/metrics.proto.
// Repeated scalars are read packed or unpacked, as protobuf parsers must; they are written packed.

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

const NO_BUCKETS: ExponentialHistogramBuckets = { offset: 0, bucketCounts: [] };

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

/** Writes a HistogramDataPoint in `field`; repeated scalars are packed. */
export function writeHistogramPoint(w: WireWriter, field: number, point: HistogramDataPoint): void {
  const start = w.begin(field);
  encodeAttributes(w, 9, point.attributes);
  writePointTimes(w, point);
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
  writePointTimes(w, point);
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
