import type { SpanId, TraceId } from './ids.js';
import type { InstrumentationScope, Resource } from './resource.js';
import type { UnixNano } from './time.js';
import type { Attributes } from './value.js';

/** A measured value: bigint for OTLP as_int, number for as_double. */
export type MetricValue = number | bigint;

export const AggregationTemporality = { UNSPECIFIED: 0, DELTA: 1, CUMULATIVE: 2 } as const;
export type AggregationTemporality = (typeof AggregationTemporality)[keyof typeof AggregationTemporality] | number;

/** DataPointFlags: bit 0 means "no recorded value" (a staleness marker). */
export const DATA_POINT_FLAG_NO_RECORDED_VALUE = 1;

export interface Exemplar {
  readonly filteredAttributes: Attributes;
  readonly timeUnixNano: UnixNano;
  readonly value: MetricValue;
  readonly spanId: SpanId | undefined;
  readonly traceId: TraceId | undefined;
}

interface PointBase {
  readonly attributes: Attributes;
  readonly startTimeUnixNano: UnixNano;
  readonly timeUnixNano: UnixNano;
  readonly flags: number;
}

export interface NumberDataPoint extends PointBase {
  readonly value: MetricValue;
  readonly exemplars: readonly Exemplar[];
}

export interface HistogramDataPoint extends PointBase {
  readonly count: bigint;
  readonly sum: number | undefined;
  readonly bucketCounts: readonly bigint[];
  readonly explicitBounds: readonly number[];
  readonly exemplars: readonly Exemplar[];
  readonly min: number | undefined;
  readonly max: number | undefined;
}

export interface ExponentialHistogramBuckets {
  readonly offset: number;
  readonly bucketCounts: readonly bigint[];
}

export interface ExponentialHistogramDataPoint extends PointBase {
  readonly count: bigint;
  readonly sum: number | undefined;
  readonly scale: number;
  readonly zeroCount: bigint;
  readonly positive: ExponentialHistogramBuckets;
  readonly negative: ExponentialHistogramBuckets;
  readonly exemplars: readonly Exemplar[];
  readonly min: number | undefined;
  readonly max: number | undefined;
  readonly zeroThreshold: number;
}

export interface ValueAtQuantile {
  readonly quantile: number;
  readonly value: number;
}

export interface SummaryDataPoint extends PointBase {
  readonly count: bigint;
  readonly sum: number;
  readonly quantileValues: readonly ValueAtQuantile[];
}

export type MetricData =
  | { readonly type: 'gauge'; readonly dataPoints: readonly NumberDataPoint[] }
  | {
      readonly type: 'sum';
      readonly dataPoints: readonly NumberDataPoint[];
      readonly aggregationTemporality: AggregationTemporality;
      readonly isMonotonic: boolean;
    }
  | {
      readonly type: 'histogram';
      readonly dataPoints: readonly HistogramDataPoint[];
      readonly aggregationTemporality: AggregationTemporality;
    }
  | {
      readonly type: 'exponentialHistogram';
      readonly dataPoints: readonly ExponentialHistogramDataPoint[];
      readonly aggregationTemporality: AggregationTemporality;
    }
  | { readonly type: 'summary'; readonly dataPoints: readonly SummaryDataPoint[] }
  | { readonly type: 'empty' };

export interface Metric {
  readonly name: string;
  readonly description: string;
  readonly unit: string;
  readonly metadata: Attributes;
  readonly data: MetricData;
}

export interface ScopeMetrics {
  readonly scope: InstrumentationScope;
  readonly schemaUrl: string;
  readonly metrics: readonly Metric[];
}

export interface ResourceMetrics {
  readonly resource: Resource;
  readonly schemaUrl: string;
  readonly scopeMetrics: readonly ScopeMetrics[];
}

/** The payload of an OTLP metrics export. */
export interface MetricsData {
  readonly resourceMetrics: readonly ResourceMetrics[];
}
