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
import { optionalSpanId, optionalTraceId } from '../ids.js';
import { attributesJson, decodeAttributes, decodeList, decodeMessage } from './common.js';
import { asArray, asDouble, asHexId, asInt32, asInt64, asUint32, asUint64, type JsonObject } from './json-reader.js';
import { doubleJson, int64Json, put, putDouble, putId, putInt64, type JsonOut, type JsonStyle } from './json-writer.js';

// Metric data points and exemplars in the OTLP/JSON mapping.

const NO_BUCKETS: ExponentialHistogramBuckets = { offset: 0, bucketCounts: [] };

/** The fields every data point has. */
interface PointBase {
  attributes: KeyValue[];
  startTimeUnixNano: bigint;
  timeUnixNano: bigint;
  flags: number;
}

/** Reads a field every data point has into `base`; false for keys it does not own. */
function readBaseField(base: PointBase, key: string, raw: unknown): boolean {
  switch (key) {
    case 'attributes':
      base.attributes = decodeAttributes(raw, key);
      return true;
    case 'startTimeUnixNano':
    case 'start_time_unix_nano':
      base.startTimeUnixNano = asUint64(raw, key);
      return true;
    case 'timeUnixNano':
    case 'time_unix_nano':
      base.timeUnixNano = asUint64(raw, key);
      return true;
    case 'flags':
      base.flags = asUint32(raw, key);
      return true;
  }
  return false;
}

function newBase(): PointBase {
  return { attributes: [], startTimeUnixNano: 0n, timeUnixNano: 0n, flags: 0 };
}

function baseOf(base: PointBase): { attributes: KeyValue[]; startTimeUnixNano: UnixNano; timeUnixNano: UnixNano; flags: number } {
  return { attributes: base.attributes, startTimeUnixNano: base.startTimeUnixNano as UnixNano, timeUnixNano: base.timeUnixNano as UnixNano, flags: base.flags };
}

/** Decodes a NumberDataPoint; neither asDouble nor asInt means the value 0. */
export function decodeNumberPoint(obj: JsonObject): NumberDataPoint {
  const base = newBase();
  let value: MetricValue = 0;
  let exemplars: Exemplar[] = [];
  for (const key in obj) {
    const raw = obj[key];
    if (raw === null || raw === undefined || readBaseField(base, key, raw)) continue;
    if (key === 'asDouble' || key === 'as_double') value = asDouble(raw, key);
    else if (key === 'asInt' || key === 'as_int') value = asInt64(raw, key);
    else if (key === 'exemplars') exemplars = decodeList(raw, key, decodeExemplar);
  }
  return { ...baseOf(base), value, exemplars };
}

/** Decodes a HistogramDataPoint; sum, min and max stay undefined when absent. */
export function decodeHistogramPoint(obj: JsonObject): HistogramDataPoint {
  const base = newBase();
  let count = 0n;
  let sum: number | undefined;
  let bucketCounts: bigint[] = [];
  let explicitBounds: number[] = [];
  let exemplars: Exemplar[] = [];
  let min: number | undefined;
  let max: number | undefined;
  for (const key in obj) {
    const raw = obj[key];
    if (raw === null || raw === undefined || readBaseField(base, key, raw)) continue;
    if (key === 'count') count = asUint64(raw, key);
    else if (key === 'sum') sum = asDouble(raw, key);
    else if (key === 'bucketCounts' || key === 'bucket_counts') bucketCounts = uint64List(raw, key);
    else if (key === 'explicitBounds' || key === 'explicit_bounds') explicitBounds = doubleList(raw, key);
    else if (key === 'exemplars') exemplars = decodeList(raw, key, decodeExemplar);
    else if (key === 'min') min = asDouble(raw, key);
    else if (key === 'max') max = asDouble(raw, key);
  }
  return { ...baseOf(base), count, sum, bucketCounts, explicitBounds, exemplars, min, max };
}

/** Decodes an ExponentialHistogramDataPoint. */
export function decodeExponentialPoint(obj: JsonObject): ExponentialHistogramDataPoint {
  const base = newBase();
  let count = 0n;
  let sum: number | undefined;
  let scale = 0;
  let zeroCount = 0n;
  let positive = NO_BUCKETS;
  let negative = NO_BUCKETS;
  let exemplars: Exemplar[] = [];
  let min: number | undefined;
  let max: number | undefined;
  let zeroThreshold = 0;
  for (const key in obj) {
    const raw = obj[key];
    if (raw === null || raw === undefined || readBaseField(base, key, raw)) continue;
    if (key === 'count') count = asUint64(raw, key);
    else if (key === 'sum') sum = asDouble(raw, key);
    else if (key === 'scale') scale = asInt32(raw, key);
    else if (key === 'zeroCount' || key === 'zero_count') zeroCount = asUint64(raw, key);
    else if (key === 'positive') positive = decodeMessage(raw, key, decodeBuckets);
    else if (key === 'negative') negative = decodeMessage(raw, key, decodeBuckets);
    else if (key === 'exemplars') exemplars = decodeList(raw, key, decodeExemplar);
    else if (key === 'min') min = asDouble(raw, key);
    else if (key === 'max') max = asDouble(raw, key);
    else if (key === 'zeroThreshold' || key === 'zero_threshold') zeroThreshold = asDouble(raw, key);
  }
  return { ...baseOf(base), count, sum, scale, zeroCount, positive, negative, exemplars, min, max, zeroThreshold };
}

function decodeBuckets(obj: JsonObject): ExponentialHistogramBuckets {
  let offset = 0;
  let bucketCounts: bigint[] = [];
  for (const key in obj) {
    const raw = obj[key];
    if (raw === null || raw === undefined) continue;
    if (key === 'offset') offset = asInt32(raw, key);
    else if (key === 'bucketCounts' || key === 'bucket_counts') bucketCounts = uint64List(raw, key);
  }
  return { offset, bucketCounts };
}

/** Decodes a SummaryDataPoint. */
export function decodeSummaryPoint(obj: JsonObject): SummaryDataPoint {
  const base = newBase();
  let count = 0n;
  let sum = 0;
  let quantileValues: ValueAtQuantile[] = [];
  for (const key in obj) {
    const raw = obj[key];
    if (raw === null || raw === undefined || readBaseField(base, key, raw)) continue;
    if (key === 'count') count = asUint64(raw, key);
    else if (key === 'sum') sum = asDouble(raw, key);
    else if (key === 'quantileValues' || key === 'quantile_values') quantileValues = decodeList(raw, key, decodeQuantile);
  }
  return { ...baseOf(base), count, sum, quantileValues };
}

function decodeQuantile(obj: JsonObject): ValueAtQuantile {
  let quantile = 0;
  let value = 0;
  for (const key in obj) {
    const raw = obj[key];
    if (raw === null || raw === undefined) continue;
    if (key === 'quantile') quantile = asDouble(raw, key);
    else if (key === 'value') value = asDouble(raw, key);
  }
  return { quantile, value };
}

function decodeExemplar(obj: JsonObject): Exemplar {
  let filteredAttributes: KeyValue[] = [];
  let timeUnixNano = 0n;
  let value: MetricValue = 0;
  let spanId: Uint8Array | undefined;
  let traceId: Uint8Array | undefined;
  for (const key in obj) {
    const raw = obj[key];
    if (raw === null || raw === undefined) continue;
    if (key === 'filteredAttributes' || key === 'filtered_attributes') filteredAttributes = decodeAttributes(raw, key);
    else if (key === 'timeUnixNano' || key === 'time_unix_nano') timeUnixNano = asUint64(raw, key);
    else if (key === 'asDouble' || key === 'as_double') value = asDouble(raw, key);
    else if (key === 'asInt' || key === 'as_int') value = asInt64(raw, key);
    else if (key === 'spanId' || key === 'span_id') spanId = asHexId(raw, key, 8);
    else if (key === 'traceId' || key === 'trace_id') traceId = asHexId(raw, key, 16);
  }
  return {
    filteredAttributes,
    timeUnixNano: timeUnixNano as UnixNano,
    value,
    spanId: optionalSpanId(spanId, 'spanId'),
    traceId: optionalTraceId(traceId, 'traceId'),
  };
}

function uint64List(raw: unknown, key: string): bigint[] {
  const items = asArray(raw, key);
  return items.map((item, i) => asUint64(item, `${key}[${i}]`));
}

function doubleList(raw: unknown, key: string): number[] {
  const items = asArray(raw, key);
  return items.map((item, i) => asDouble(item, `${key}[${i}]`));
}

function putBase(out: JsonOut, point: NumberDataPoint | HistogramDataPoint | ExponentialHistogramDataPoint | SummaryDataPoint): void {
  put(out, 'attributes', attributesJson(point.attributes));
  putInt64(out, 'startTimeUnixNano', point.startTimeUnixNano);
  putInt64(out, 'timeUnixNano', point.timeUnixNano);
}

function putValue(out: JsonOut, value: MetricValue): void {
  if (typeof value === 'bigint') out.asInt = int64Json(value);
  else out.asDouble = doubleJson(value);
}

function putOptionalDouble(out: JsonOut, key: string, value: number | undefined): void {
  if (value !== undefined) out[key] = doubleJson(value);
}

/** Encodes a NumberDataPoint. */
export function numberPointJson(point: NumberDataPoint, style: JsonStyle): JsonOut {
  const out: JsonOut = {};
  putBase(out, point);
  putValue(out, point.value);
  put(out, 'exemplars', point.exemplars.map((e) => exemplarJson(e, style)));
  put(out, 'flags', point.flags);
  return out;
}

/** Encodes a HistogramDataPoint. */
export function histogramPointJson(point: HistogramDataPoint, style: JsonStyle): JsonOut {
  const out: JsonOut = {};
  putBase(out, point);
  putInt64(out, 'count', point.count);
  putOptionalDouble(out, 'sum', point.sum);
  put(out, 'bucketCounts', point.bucketCounts.map(int64Json));
  put(out, 'explicitBounds', point.explicitBounds.map(doubleJson));
  put(out, 'exemplars', point.exemplars.map((e) => exemplarJson(e, style)));
  put(out, 'flags', point.flags);
  putOptionalDouble(out, 'min', point.min);
  putOptionalDouble(out, 'max', point.max);
  return out;
}

/** Encodes an ExponentialHistogramDataPoint. */
export function exponentialPointJson(point: ExponentialHistogramDataPoint, style: JsonStyle): JsonOut {
  const out: JsonOut = {};
  putBase(out, point);
  putInt64(out, 'count', point.count);
  putOptionalDouble(out, 'sum', point.sum);
  put(out, 'scale', point.scale);
  putInt64(out, 'zeroCount', point.zeroCount);
  put(out, 'positive', bucketsJson(point.positive));
  put(out, 'negative', bucketsJson(point.negative));
  put(out, 'flags', point.flags);
  put(out, 'exemplars', point.exemplars.map((e) => exemplarJson(e, style)));
  putOptionalDouble(out, 'min', point.min);
  putOptionalDouble(out, 'max', point.max);
  putDouble(out, 'zeroThreshold', point.zeroThreshold);
  return out;
}

function bucketsJson(buckets: ExponentialHistogramBuckets): JsonOut | undefined {
  if (buckets.offset === 0 && buckets.bucketCounts.length === 0) return undefined;
  const out: JsonOut = {};
  put(out, 'offset', buckets.offset);
  put(out, 'bucketCounts', buckets.bucketCounts.map(int64Json));
  return out;
}

/** Encodes a SummaryDataPoint. */
export function summaryPointJson(point: SummaryDataPoint): JsonOut {
  const out: JsonOut = {};
  putBase(out, point);
  putInt64(out, 'count', point.count);
  putDouble(out, 'sum', point.sum);
  put(
    out,
    'quantileValues',
    point.quantileValues.map((q) => {
      const quantile: JsonOut = {};
      putDouble(quantile, 'quantile', q.quantile);
      putDouble(quantile, 'value', q.value);
      return quantile;
    }),
  );
  put(out, 'flags', point.flags);
  return out;
}

function exemplarJson(exemplar: Exemplar, style: JsonStyle): JsonOut {
  const out: JsonOut = {};
  put(out, 'filteredAttributes', attributesJson(exemplar.filteredAttributes));
  putInt64(out, 'timeUnixNano', exemplar.timeUnixNano);
  putValue(out, exemplar.value);
  putId(out, 'spanId', exemplar.spanId, style);
  putId(out, 'traceId', exemplar.traceId, style);
  return out;
}
