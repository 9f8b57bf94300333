import type { Exemplar, KeyValue, MetricValue, UnixNano } from '@braid/model';
import { within } from '../decode-failure.js';
import { optionalSpanId, optionalTraceId } from '../ids.js';
import { decodeAttribute, encodeAttributes } from './common.js';
import { WIRE_I64, type WireReader } from './wire-reader.js';
import { messageSchema, skipField } from './wire-schema.js';
import type { WireWriter } from './wire-writer.js';

// Exemplar of opentelemetry/proto/metrics/v1/metrics.proto: the sample that links a point to a trace.

const EXEMPLAR = messageSchema('exemplar', { filtered_attributes: [7, 'len'], time_unix_nano: [2, 'i64'], as_double: [3, 'i64'], as_int: [6, 'i64'], span_id: [4, 'len'], trace_id: [5, 'len'] });

/** Reads one `exemplars` entry into `into`, naming it if it is bad. */
export function decodeExemplar(r: WireReader, into: Exemplar[]): void {
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

/** Writes a value oneof: bigint as sfixed64 `as_int`, number as double `as_double`. */
export function writeMetricValue(w: WireWriter, doubleField: number, intField: number, value: MetricValue): void {
  if (typeof value === 'bigint') {
    w.tag(intField, WIRE_I64);
    w.fixed64(value);
  } else w.optionalDoubleField(doubleField, value);
}

/** Writes an Exemplar in `field`. */
export function writeExemplar(w: WireWriter, field: number, exemplar: Exemplar): void {
  const start = w.begin(field);
  encodeAttributes(w, 7, exemplar.filteredAttributes);
  w.fixed64Field(2, exemplar.timeUnixNano);
  writeMetricValue(w, 3, 6, exemplar.value);
  w.bytesField(4, exemplar.spanId);
  w.bytesField(5, exemplar.traceId);
  w.end(start);
}
