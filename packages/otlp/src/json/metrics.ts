import {
  EMPTY_RESOURCE,
  EMPTY_SCOPE,
  type InstrumentationScope,
  type KeyValue,
  type Metric,
  type MetricData,
  type MetricsData,
  type Resource,
  type ResourceMetrics,
  type ScopeMetrics,
} from '@braid/model';
import { DecodeFailure } from '../decode-failure.js';
import { attributesJson, decodeAttributes, decodeList, decodeMessage, decodeResource, decodeScope, resourceJson, scopeJson } from './common.js';
import {
  decodeExponentialPoint,
  decodeHistogramPoint,
  decodeNumberPoint,
  decodeSummaryPoint,
  exponentialPointJson,
  histogramPointJson,
  numberPointJson,
  summaryPointJson,
} from './data-points.js';
import { AGGREGATION_TEMPORALITY } from './enum-names.js';
import { asArray, asBool, asEnum, asString, type JsonObject } from './json-reader.js';
import { put, putEnum, type JsonOut, type JsonStyle } from './json-writer.js';

// MetricsData / ExportMetricsServiceRequest in the OTLP/JSON mapping.

const EMPTY_DATA: MetricData = { type: 'empty' };

/** Decodes a parsed ExportMetricsServiceRequest (throws DecodeFailure; see decodeMetricsJson). */
export function readMetricsJson(obj: JsonObject): MetricsData {
  let resourceMetrics: ResourceMetrics[] = [];
  for (const key in obj) {
    const raw = obj[key];
    if (raw === null || raw === undefined) continue;
    if (key === 'resourceMetrics' || key === 'resource_metrics') resourceMetrics = decodeList(raw, key, decodeResourceMetrics);
  }
  return { resourceMetrics };
}

function decodeResourceMetrics(obj: JsonObject): ResourceMetrics {
  let resource: Resource = EMPTY_RESOURCE;
  let scopeMetrics: ScopeMetrics[] = [];
  let schemaUrl = '';
  for (const key in obj) {
    const raw = obj[key];
    if (raw === null || raw === undefined) continue;
    if (key === 'resource') resource = decodeMessage(raw, key, decodeResource);
    else if (key === 'scopeMetrics' || key === 'scope_metrics') scopeMetrics = decodeList(raw, key, decodeScopeMetrics);
    else if (key === 'schemaUrl' || key === 'schema_url') schemaUrl = asString(raw, key);
  }
  return { resource, schemaUrl, scopeMetrics };
}

function decodeScopeMetrics(obj: JsonObject): ScopeMetrics {
  let scope: InstrumentationScope = EMPTY_SCOPE;
  let metrics: Metric[] = [];
  let schemaUrl = '';
  for (const key in obj) {
    const raw = obj[key];
    if (raw === null || raw === undefined) continue;
    if (key === 'scope') scope = decodeMessage(raw, key, decodeScope);
    else if (key === 'metrics') metrics = decodeList(raw, key, decodeMetric);
    else if (key === 'schemaUrl' || key === 'schema_url') schemaUrl = asString(raw, key);
  }
  return { scope, schemaUrl, metrics };
}

function decodeMetric(obj: JsonObject): Metric {
  let name = '';
  let description = '';
  let unit = '';
  let data = EMPTY_DATA;
  let metadata: KeyValue[] = [];
  for (const key in obj) {
    const raw = obj[key];
    if (raw === null || raw === undefined) continue;
    const before = data;
    switch (key) {
      case 'name':
        name = asString(raw, key);
        break;
      case 'description':
        description = asString(raw, key);
        break;
      case 'unit':
        unit = asString(raw, key);
        break;
      case 'metadata':
        metadata = decodeAttributes(raw, key);
        break;
      case 'gauge':
        data = decodeMessage(raw, key, decodeGauge);
        break;
      case 'sum':
        data = decodeMessage(raw, key, decodeSum);
        break;
      case 'histogram':
        data = decodeMessage(raw, key, decodeHistogram);
        break;
      case 'exponentialHistogram':
      case 'exponential_histogram':
        data = decodeMessage(raw, key, decodeExponentialHistogram);
        break;
      case 'summary':
        data = decodeMessage(raw, key, decodeSummary);
        break;
    }
    if (before !== EMPTY_DATA && data !== before) throw new DecodeFailure(`metric ${JSON.stringify(name)} has more than one of gauge, sum, histogram, exponentialHistogram, summary`);
  }
  return { name, description, unit, metadata, data };
}

/** The fields of Gauge, Sum, Histogram, ExponentialHistogram and Summary (each has a subset). */
interface PointsContainer {
  points: readonly unknown[];
  pointsKey: string;
  aggregationTemporality: number;
  isMonotonic: boolean;
}

function readContainer(obj: JsonObject): PointsContainer {
  const container: PointsContainer = { points: [], pointsKey: 'dataPoints', aggregationTemporality: 0, isMonotonic: false };
  for (const key in obj) {
    const raw = obj[key];
    if (raw === null || raw === undefined) continue;
    if (key === 'dataPoints' || key === 'data_points') {
      container.points = asArray(raw, key);
      container.pointsKey = key;
    } else if (key === 'aggregationTemporality' || key === 'aggregation_temporality') {
      container.aggregationTemporality = asEnum(raw, key, AGGREGATION_TEMPORALITY.byName);
    } else if (key === 'isMonotonic' || key === 'is_monotonic') container.isMonotonic = asBool(raw, key);
  }
  return container;
}

function decodeGauge(obj: JsonObject): MetricData {
  const c = readContainer(obj);
  return { type: 'gauge', dataPoints: decodeList(c.points, c.pointsKey, decodeNumberPoint) };
}

function decodeSum(obj: JsonObject): MetricData {
  const c = readContainer(obj);
  const dataPoints = decodeList(c.points, c.pointsKey, decodeNumberPoint);
  return { type: 'sum', dataPoints, aggregationTemporality: c.aggregationTemporality, isMonotonic: c.isMonotonic };
}

function decodeHistogram(obj: JsonObject): MetricData {
  const c = readContainer(obj);
  return { type: 'histogram', dataPoints: decodeList(c.points, c.pointsKey, decodeHistogramPoint), aggregationTemporality: c.aggregationTemporality };
}

function decodeExponentialHistogram(obj: JsonObject): MetricData {
  const c = readContainer(obj);
  const dataPoints = decodeList(c.points, c.pointsKey, decodeExponentialPoint);
  return { type: 'exponentialHistogram', dataPoints, aggregationTemporality: c.aggregationTemporality };
}

function decodeSummary(obj: JsonObject): MetricData {
  const c = readContainer(obj);
  return { type: 'summary', dataPoints: decodeList(c.points, c.pointsKey, decodeSummaryPoint) };
}

/** Encodes MetricsData as an OTLP/JSON object. */
export function metricsJson(data: MetricsData, style: JsonStyle): JsonOut {
  const out: JsonOut = {};
  put(
    out,
    'resourceMetrics',
    data.resourceMetrics.map((rm) => {
      const resourceOut: JsonOut = { resource: resourceJson(rm.resource) };
      put(
        resourceOut,
        'scopeMetrics',
        rm.scopeMetrics.map((sm) => {
          const scopeOut: JsonOut = { scope: scopeJson(sm.scope) };
          put(scopeOut, 'metrics', sm.metrics.map((metric) => metricJson(metric, style)));
          put(scopeOut, 'schemaUrl', sm.schemaUrl);
          return scopeOut;
        }),
      );
      put(resourceOut, 'schemaUrl', rm.schemaUrl);
      return resourceOut;
    }),
  );
  return out;
}

function metricJson(metric: Metric, style: JsonStyle): JsonOut {
  const out: JsonOut = {};
  put(out, 'name', metric.name);
  put(out, 'description', metric.description);
  put(out, 'unit', metric.unit);
  const data = metric.data;
  switch (data.type) {
    case 'gauge':
      out.gauge = { dataPoints: data.dataPoints.map((p) => numberPointJson(p, style)) };
      break;
    case 'sum': {
      const sum: JsonOut = { dataPoints: data.dataPoints.map((p) => numberPointJson(p, style)) };
      putEnum(sum, 'aggregationTemporality', data.aggregationTemporality, AGGREGATION_TEMPORALITY, style);
      put(sum, 'isMonotonic', data.isMonotonic);
      out.sum = sum;
      break;
    }
    case 'histogram': {
      const histogram: JsonOut = { dataPoints: data.dataPoints.map((p) => histogramPointJson(p, style)) };
      putEnum(histogram, 'aggregationTemporality', data.aggregationTemporality, AGGREGATION_TEMPORALITY, style);
      out.histogram = histogram;
      break;
    }
    case 'exponentialHistogram': {
      const histogram: JsonOut = { dataPoints: data.dataPoints.map((p) => exponentialPointJson(p, style)) };
      putEnum(histogram, 'aggregationTemporality', data.aggregationTemporality, AGGREGATION_TEMPORALITY, style);
      out.exponentialHistogram = histogram;
      break;
    }
    case 'summary':
      out.summary = { dataPoints: data.dataPoints.map(summaryPointJson) };
      break;
    case 'empty':
      break;
  }
  put(out, 'metadata', attributesJson(metric.metadata));
  return out;
}
