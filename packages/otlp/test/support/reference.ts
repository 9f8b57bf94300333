import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs';
import type {
  AnyValue,
  Attributes,
  Exemplar,
  ExponentialHistogramBuckets,
  InstrumentationScope,
  KeyValueList,
  LogsData,
  Metric,
  MetricValue,
  MetricsData,
  Resource,
  TracesData,
} from '@braid/model';

/**
 * The reference codec: protobufjs over a schema written from the opentelemetry-proto `.proto`
 * files (fixtures/otlp-schema.json, camelCase field names as protobufjs uses them). The mapping
 * from the model to its plain objects below is written independently of the codec under test.
 */
export const referenceRoot = protobuf.Root.fromJSON(JSON.parse(readFileSync(new URL('../fixtures/otlp-schema.json', import.meta.url), 'utf8')) as protobuf.INamespace);

export const ExportTraceServiceRequest = referenceRoot.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest');
export const ExportLogsServiceRequest = referenceRoot.lookupType('opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest');
export const ExportMetricsServiceRequest = referenceRoot.lookupType('opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest');

/** Encodes a plain object with protobufjs. */
export function referenceEncode(type: protobuf.Type, object: Record<string, unknown>): Uint8Array {
  return type.encode(type.fromObject(object)).finish();
}

/** Decodes with protobufjs into a comparable plain object (longs as strings, bytes as base64). */
export function referenceDecode(type: protobuf.Type, bytes: Uint8Array): Record<string, unknown> {
  return type.toObject(type.decode(bytes), { longs: String, bytes: String, defaults: true, arrays: true, oneofs: false });
}

/** A protobufjs-normalised form of a plain object, to compare with referenceDecode's output. */
export function referenceNormalise(type: protobuf.Type, object: Record<string, unknown>): Record<string, unknown> {
  return referenceDecode(type, referenceEncode(type, object));
}

type Plain = Record<string, unknown>;

function anyValue(value: AnyValue): Plain {
  switch (typeof value) {
    case 'string':
      return { stringValue: value };
    case 'boolean':
      return { boolValue: value };
    case 'bigint':
      return { intValue: value.toString() };
    case 'number':
      return { doubleValue: value };
  }
  if (value === null) return {};
  if (value instanceof Uint8Array) return { bytesValue: value };
  if (Array.isArray(value)) return { arrayValue: { values: (value as AnyValue[]).map(anyValue) } };
  return { kvlistValue: { values: attributes((value as KeyValueList).kvlist) } };
}

function attributes(list: Attributes): Plain[] {
  return list.map((kv) => (kv.value === null ? { key: kv.key } : { key: kv.key, value: anyValue(kv.value) }));
}

function resource(r: Resource): Plain {
  return { attributes: attributes(r.attributes), droppedAttributesCount: r.droppedAttributesCount };
}

function scope(s: InstrumentationScope): Plain {
  return { name: s.name, version: s.version, attributes: attributes(s.attributes), droppedAttributesCount: s.droppedAttributesCount };
}

/** ExportTraceServiceRequest as a protobufjs plain object. */
export function referenceTraces(data: TracesData): Plain {
  return {
    resourceSpans: data.resourceSpans.map((rs) => ({
      resource: resource(rs.resource),
      schemaUrl: rs.schemaUrl,
      scopeSpans: rs.scopeSpans.map((ss) => ({
        scope: scope(ss.scope),
        schemaUrl: ss.schemaUrl,
        spans: ss.spans.map((s) => ({
          traceId: s.traceId,
          spanId: s.spanId,
          traceState: s.traceState,
          parentSpanId: s.parentSpanId ?? new Uint8Array(0),
          flags: s.flags,
          name: s.name,
          kind: s.kind,
          startTimeUnixNano: s.startTimeUnixNano.toString(),
          endTimeUnixNano: s.endTimeUnixNano.toString(),
          attributes: attributes(s.attributes),
          droppedAttributesCount: s.droppedAttributesCount,
          events: s.events.map((e) => ({
            timeUnixNano: e.timeUnixNano.toString(),
            name: e.name,
            attributes: attributes(e.attributes),
            droppedAttributesCount: e.droppedAttributesCount,
          })),
          droppedEventsCount: s.droppedEventsCount,
          links: s.links.map((l) => ({
            traceId: l.traceId,
            spanId: l.spanId,
            traceState: l.traceState,
            attributes: attributes(l.attributes),
            droppedAttributesCount: l.droppedAttributesCount,
            flags: l.flags,
          })),
          droppedLinksCount: s.droppedLinksCount,
          // An all-default message field and an absent one mean the same; the codec under test leaves it out.
          ...(s.status.code !== 0 || s.status.message !== '' ? { status: { code: s.status.code, message: s.status.message } } : {}),
        })),
      })),
    })),
  };
}

/** ExportLogsServiceRequest as a protobufjs plain object. */
export function referenceLogs(data: LogsData): Plain {
  return {
    resourceLogs: data.resourceLogs.map((rl) => ({
      resource: resource(rl.resource),
      schemaUrl: rl.schemaUrl,
      scopeLogs: rl.scopeLogs.map((sl) => ({
        scope: scope(sl.scope),
        schemaUrl: sl.schemaUrl,
        logRecords: sl.logRecords.map((r) => ({
          timeUnixNano: r.timeUnixNano.toString(),
          observedTimeUnixNano: r.observedTimeUnixNano.toString(),
          severityNumber: r.severityNumber,
          severityText: r.severityText,
          ...(r.body !== null && { body: anyValue(r.body) }),
          attributes: attributes(r.attributes),
          droppedAttributesCount: r.droppedAttributesCount,
          flags: r.flags,
          traceId: r.traceId ?? new Uint8Array(0),
          spanId: r.spanId ?? new Uint8Array(0),
          eventName: r.eventName,
        })),
      })),
    })),
  };
}

function value(v: MetricValue): Plain {
  return typeof v === 'bigint' ? { asInt: v.toString() } : { asDouble: v };
}

function optional(key: string, v: number | undefined): Plain {
  return v === undefined ? {} : { [key]: v };
}

function exemplar(e: Exemplar): Plain {
  return {
    filteredAttributes: attributes(e.filteredAttributes),
    timeUnixNano: e.timeUnixNano.toString(),
    ...value(e.value),
    spanId: e.spanId ?? new Uint8Array(0),
    traceId: e.traceId ?? new Uint8Array(0),
  };
}

function buckets(key: string, b: ExponentialHistogramBuckets): Plain {
  if (b.offset === 0 && b.bucketCounts.length === 0) return {};
  return { [key]: { offset: b.offset, bucketCounts: b.bucketCounts.map(String) } };
}

function base(p: { attributes: Attributes; startTimeUnixNano: bigint; timeUnixNano: bigint; flags: number }): Plain {
  return { attributes: attributes(p.attributes), startTimeUnixNano: p.startTimeUnixNano.toString(), timeUnixNano: p.timeUnixNano.toString(), flags: p.flags };
}

function metricData(m: Metric): Plain {
  const d = m.data;
  switch (d.type) {
    case 'gauge':
      return { gauge: { dataPoints: d.dataPoints.map((p) => ({ ...base(p), ...value(p.value), exemplars: p.exemplars.map(exemplar) })) } };
    case 'sum':
      return {
        sum: {
          dataPoints: d.dataPoints.map((p) => ({ ...base(p), ...value(p.value), exemplars: p.exemplars.map(exemplar) })),
          aggregationTemporality: d.aggregationTemporality,
          isMonotonic: d.isMonotonic,
        },
      };
    case 'histogram':
      return {
        histogram: {
          aggregationTemporality: d.aggregationTemporality,
          dataPoints: d.dataPoints.map((p) => ({
            ...base(p),
            count: p.count.toString(),
            ...optional('sum', p.sum),
            bucketCounts: p.bucketCounts.map(String),
            explicitBounds: p.explicitBounds,
            exemplars: p.exemplars.map(exemplar),
            ...optional('min', p.min),
            ...optional('max', p.max),
          })),
        },
      };
    case 'exponentialHistogram':
      return {
        exponentialHistogram: {
          aggregationTemporality: d.aggregationTemporality,
          dataPoints: d.dataPoints.map((p) => ({
            ...base(p),
            count: p.count.toString(),
            ...optional('sum', p.sum),
            scale: p.scale,
            zeroCount: p.zeroCount.toString(),
            ...buckets('positive', p.positive),
            ...buckets('negative', p.negative),
            exemplars: p.exemplars.map(exemplar),
            ...optional('min', p.min),
            ...optional('max', p.max),
            zeroThreshold: p.zeroThreshold,
          })),
        },
      };
    case 'summary':
      return {
        summary: {
          dataPoints: d.dataPoints.map((p) => ({ ...base(p), count: p.count.toString(), sum: p.sum, quantileValues: p.quantileValues.map((q) => ({ ...q })) })),
        },
      };
    case 'empty':
      return {};
  }
}

/** ExportMetricsServiceRequest as a protobufjs plain object. */
export function referenceMetrics(data: MetricsData): Plain {
  return {
    resourceMetrics: data.resourceMetrics.map((rm) => ({
      resource: resource(rm.resource),
      schemaUrl: rm.schemaUrl,
      scopeMetrics: rm.scopeMetrics.map((sm) => ({
        scope: scope(sm.scope),
        schemaUrl: sm.schemaUrl,
        metrics: sm.metrics.map((m) => ({ name: m.name, description: m.description, unit: m.unit, metadata: attributes(m.metadata), ...metricData(m) })),
      })),
    })),
  };
}
