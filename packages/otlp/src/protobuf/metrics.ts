import {
  EMPTY_RESOURCE,
  EMPTY_SCOPE,
  type ExponentialHistogramDataPoint,
  type HistogramDataPoint,
  type InstrumentationScope,
  type KeyValue,
  type Metric,
  type MetricData,
  type MetricsData,
  type NumberDataPoint,
  type Resource,
  type ResourceMetrics,
  type ScopeMetrics,
} from '@braid/model';
import { within } from '../decode-failure.js';
import { decodeAttribute, decodeMessageField, decodeResource, decodeScope, encodeAttributes, encodeResource, encodeScope } from './common.js';
import { decodeNumberPoint, decodeSummaryPoint, writeNumberPoint, writeSummaryPoint } from './data-points.js';
import { decodeExponentialPoint, decodeHistogramPoint, writeExponentialPoint, writeHistogramPoint } from './histogram-points.js';
import { WireReader } from './wire-reader.js';
import { messageSchema, skipField, type MessageSchema } from './wire-schema.js';
import { WireWriter } from './wire-writer.js';

// opentelemetry/proto/metrics/v1/metrics.proto; ExportMetricsServiceRequest has MetricsData's layout.

const METRICS_DATA = messageSchema('MetricsData', { resource_metrics: [1, 'len'] });
const RESOURCE_METRICS = messageSchema('ResourceMetrics', { resource: [1, 'len'], scope_metrics: [2, 'len'], schema_url: [3, 'len'] });
const SCOPE_METRICS = messageSchema('ScopeMetrics', { scope: [1, 'len'], metrics: [2, 'len'], schema_url: [3, 'len'] });
const METRIC = messageSchema('metric', {
  name: [1, 'len'],
  description: [2, 'len'],
  unit: [3, 'len'],
  gauge: [5, 'len'],
  sum: [7, 'len'],
  histogram: [9, 'len'],
  exponential_histogram: [10, 'len'],
  summary: [11, 'len'],
  metadata: [12, 'len'],
});
const GAUGE = messageSchema('gauge', { data_points: [1, 'len'] });
const SUM = messageSchema('sum', { data_points: [1, 'len'], aggregation_temporality: [2, 'varint'], is_monotonic: [3, 'varint'] });
const HISTOGRAM = messageSchema('histogram', { data_points: [1, 'len'], aggregation_temporality: [2, 'varint'] });
const EXPONENTIAL = messageSchema('exponential_histogram', { data_points: [1, 'len'], aggregation_temporality: [2, 'varint'] });
const SUMMARY = messageSchema('summary', { data_points: [1, 'len'] });

const EMPTY_DATA: MetricData = { type: 'empty' };

/** Decodes MetricsData / ExportMetricsServiceRequest bytes (throws DecodeFailure; see decodeMetricsProtobuf). */
export function readMetricsData(bytes: Uint8Array): MetricsData {
  const r = new WireReader(bytes);
  const resourceMetrics: ResourceMetrics[] = [];
  while (r.pos < r.length) {
    const tag = r.uint32();
    if (tag !== 0x0a) {
      skipField(r, tag, METRICS_DATA);
      continue;
    }
    try {
      resourceMetrics.push(decodeResourceMetrics(r, r.delimitedEnd()));
    } catch (error) {
      throw within(error, 'resource_metrics', resourceMetrics.length);
    }
  }
  return { resourceMetrics };
}

function decodeResourceMetrics(r: WireReader, end: number): ResourceMetrics {
  let resource: Resource = EMPTY_RESOURCE;
  const scopeMetrics: ScopeMetrics[] = [];
  let schemaUrl = '';
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === 0x0a) resource = decodeMessageField(r, decodeResource, 'resource');
    else if (tag === 0x12) {
      try {
        scopeMetrics.push(decodeScopeMetrics(r, r.delimitedEnd()));
      } catch (error) {
        throw within(error, 'scope_metrics', scopeMetrics.length);
      }
    } else if (tag === 0x1a) schemaUrl = r.string();
    else skipField(r, tag, RESOURCE_METRICS);
  }
  r.finish(end);
  return { resource, schemaUrl, scopeMetrics };
}

function decodeScopeMetrics(r: WireReader, end: number): ScopeMetrics {
  let scope: InstrumentationScope = EMPTY_SCOPE;
  const metrics: Metric[] = [];
  let schemaUrl = '';
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === 0x0a) scope = decodeMessageField(r, decodeScope, 'scope');
    else if (tag === 0x12) {
      try {
        metrics.push(decodeMetric(r, r.delimitedEnd()));
      } catch (error) {
        throw within(error, 'metrics', metrics.length);
      }
    } else if (tag === 0x1a) schemaUrl = r.string();
    else skipField(r, tag, SCOPE_METRICS);
  }
  r.finish(end);
  return { scope, schemaUrl, metrics };
}

function decodeMetric(r: WireReader, end: number): Metric {
  let name = '';
  let description = '';
  let unit = '';
  let data = EMPTY_DATA;
  const metadata: KeyValue[] = [];
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 0x0a:
        name = r.string();
        break;
      case 0x12:
        description = r.string();
        break;
      case 0x1a:
        unit = r.string();
        break;
      case 0x2a:
        data = decodeMessageField(r, decodeGauge, 'gauge');
        break;
      case 0x3a:
        data = decodeMessageField(r, decodeSum, 'sum');
        break;
      case 0x4a:
        data = decodeMessageField(r, decodeHistogram, 'histogram');
        break;
      case 0x52:
        data = decodeMessageField(r, decodeExponentialHistogram, 'exponential_histogram');
        break;
      case 0x5a:
        data = decodeMessageField(r, decodeSummary, 'summary');
        break;
      case 0x62:
        decodeAttribute(r, metadata, 'metadata');
        break;
      default:
        skipField(r, tag, METRIC);
    }
  }
  r.finish(end);
  return { name, description, unit, metadata, data };
}

/** Reads one `data_points` entry with `decodePoint`, naming it if it is bad. */
function decodePoint<P>(r: WireReader, into: P[], decodePoint: (r: WireReader, end: number) => P): void {
  try {
    into.push(decodePoint(r, r.delimitedEnd()));
  } catch (error) {
    throw within(error, 'data_points', into.length);
  }
}

function decodePoints<P>(r: WireReader, end: number, schema: MessageSchema, decode: (r: WireReader, end: number) => P): P[] {
  const dataPoints: P[] = [];
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === 0x0a) decodePoint(r, dataPoints, decode);
    else skipField(r, tag, schema);
  }
  r.finish(end);
  return dataPoints;
}

function decodeGauge(r: WireReader, end: number): MetricData {
  return { type: 'gauge', dataPoints: decodePoints(r, end, GAUGE, decodeNumberPoint) };
}

function decodeSummary(r: WireReader, end: number): MetricData {
  return { type: 'summary', dataPoints: decodePoints(r, end, SUMMARY, decodeSummaryPoint) };
}

function decodeSum(r: WireReader, end: number): MetricData {
  const dataPoints: NumberDataPoint[] = [];
  let aggregationTemporality = 0;
  let isMonotonic = false;
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === 0x0a) decodePoint(r, dataPoints, decodeNumberPoint);
    else if (tag === 0x10) aggregationTemporality = r.int32();
    else if (tag === 0x18) isMonotonic = r.bool();
    else skipField(r, tag, SUM);
  }
  r.finish(end);
  return { type: 'sum', dataPoints, aggregationTemporality, isMonotonic };
}

function decodeHistogram(r: WireReader, end: number): MetricData {
  const dataPoints: HistogramDataPoint[] = [];
  let aggregationTemporality = 0;
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === 0x0a) decodePoint(r, dataPoints, decodeHistogramPoint);
    else if (tag === 0x10) aggregationTemporality = r.int32();
    else skipField(r, tag, HISTOGRAM);
  }
  r.finish(end);
  return { type: 'histogram', dataPoints, aggregationTemporality };
}

function decodeExponentialHistogram(r: WireReader, end: number): MetricData {
  const dataPoints: ExponentialHistogramDataPoint[] = [];
  let aggregationTemporality = 0;
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === 0x0a) decodePoint(r, dataPoints, decodeExponentialPoint);
    else if (tag === 0x10) aggregationTemporality = r.int32();
    else skipField(r, tag, EXPONENTIAL);
  }
  r.finish(end);
  return { type: 'exponentialHistogram', dataPoints, aggregationTemporality };
}

/** Encodes MetricsData (the layout of ExportMetricsServiceRequest). */
export function writeMetricsData(data: MetricsData): Uint8Array {
  const w = new WireWriter();
  for (const rm of data.resourceMetrics) {
    const start = w.begin(1);
    encodeResource(w, 1, rm.resource);
    for (const sm of rm.scopeMetrics) {
      const scope = w.begin(2);
      encodeScope(w, 1, sm.scope);
      for (const metric of sm.metrics) writeMetric(w, metric);
      w.stringField(3, sm.schemaUrl);
      w.end(scope);
    }
    w.stringField(3, rm.schemaUrl);
    w.end(start);
  }
  return w.finish();
}

function writeMetric(w: WireWriter, metric: Metric): void {
  const start = w.begin(2);
  w.stringField(1, metric.name);
  w.stringField(2, metric.description);
  w.stringField(3, metric.unit);
  writeMetricData(w, metric.data);
  encodeAttributes(w, 12, metric.metadata);
  w.end(start);
}

function writeMetricData(w: WireWriter, data: MetricData): void {
  switch (data.type) {
    case 'gauge': {
      const start = w.begin(5);
      for (const p of data.dataPoints) writeNumberPoint(w, 1, p);
      w.end(start);
      return;
    }
    case 'sum': {
      const start = w.begin(7);
      for (const p of data.dataPoints) writeNumberPoint(w, 1, p);
      w.int32Field(2, data.aggregationTemporality);
      w.boolField(3, data.isMonotonic);
      w.end(start);
      return;
    }
    case 'histogram': {
      const start = w.begin(9);
      for (const p of data.dataPoints) writeHistogramPoint(w, 1, p);
      w.int32Field(2, data.aggregationTemporality);
      w.end(start);
      return;
    }
    case 'exponentialHistogram': {
      const start = w.begin(10);
      for (const p of data.dataPoints) writeExponentialPoint(w, 1, p);
      w.int32Field(2, data.aggregationTemporality);
      w.end(start);
      return;
    }
    case 'summary': {
      const start = w.begin(11);
      for (const p of data.dataPoints) writeSummaryPoint(w, 1, p);
      w.end(start);
      return;
    }
    case 'empty':
      return;
  }
}
