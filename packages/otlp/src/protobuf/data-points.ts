import type { Exemplar, KeyValue, MetricValue, NumberDataPoint, SummaryDataPoint, UnixNano, ValueAtQuantile } from '@braid/model';
import { decodeAttribute, encodeAttributes } from './common.js';
import { decodeExemplar, writeExemplar, writeMetricValue } from './exemplars.js';
import type { WireReader } from './wire-reader.js';
import { messageSchema, skipField } from './wire-schema.js';
import type { WireWriter } from './wire-writer.js';

// NumberDataPoint and SummaryDataPoint of opentelemetry/proto/metrics/v1/metrics.proto (histograms: histogram-points.ts).

/** The time fields every data point has, for error messages. */
export const POINT_BASE = { start_time_unix_nano: [2, 'i64'], time_unix_nano: [3, 'i64'] } as const;
const NUMBER_POINT = messageSchema('number_data_point', { ...POINT_BASE, attributes: [7, 'len'], as_double: [4, 'i64'], as_int: [6, 'i64'], exemplars: [5, 'len'], flags: [8, 'varint'] });
const SUMMARY_POINT = messageSchema('summary_data_point', { ...POINT_BASE, attributes: [7, 'len'], count: [4, 'i64'], sum: [5, 'i64'], quantile_values: [6, 'len'], flags: [8, 'varint'] });
const QUANTILE = messageSchema('value_at_quantile', { quantile: [1, 'i64'], value: [2, 'i64'] });

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

/** Writes the start and end times every data point has. */
export function writePointTimes(w: WireWriter, point: { readonly startTimeUnixNano: bigint; readonly timeUnixNano: bigint }): void {
  w.fixed64Field(2, point.startTimeUnixNano);
  w.fixed64Field(3, point.timeUnixNano);
}

/** Writes a NumberDataPoint in `field`. */
export function writeNumberPoint(w: WireWriter, field: number, point: NumberDataPoint): void {
  const start = w.begin(field);
  encodeAttributes(w, 7, point.attributes);
  writePointTimes(w, point);
  writeMetricValue(w, 4, 6, point.value);
  for (const exemplar of point.exemplars) writeExemplar(w, 5, exemplar);
  w.uint32Field(8, point.flags);
  w.end(start);
}

export function writeSummaryPoint(w: WireWriter, field: number, point: SummaryDataPoint): void {
  const start = w.begin(field);
  encodeAttributes(w, 7, point.attributes);
  writePointTimes(w, point);
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

