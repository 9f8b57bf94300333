import type { Metric, MetricMetadata, MetricType } from '@braid/model';
import { metricName, metricUnit, type NamingKind } from './metric-name.js';
import { labelName } from './label-name.js';
import { formatLabelFloat } from './label-value.js';

/** What one OTLP metric becomes: a Prometheus metric family. */
export interface MetricFamily {
  /** The family name: `_bucket`, `_sum` and `_count` are added to it, `_total` is already in it. */
  readonly name: string;
  readonly kind: NamingKind;
  readonly metadata: MetricMetadata;
}

const METADATA_TYPES: Readonly<Record<NamingKind, MetricType>> = {
  counter: 'counter',
  gauge: 'gauge',
  updowncounter: 'gauge',
  histogram: 'histogram',
  summary: 'summary',
};

/** The naming kind of an OTLP metric; undefined for the `empty` type. */
export function namingKind(metric: Metric): NamingKind | undefined {
  switch (metric.data.type) {
    case 'gauge':
      return 'gauge';
    case 'sum':
      return metric.data.isMonotonic ? 'counter' : 'updowncounter';
    case 'histogram':
    case 'exponentialHistogram':
      return 'histogram';
    case 'summary':
      return 'summary';
    case 'empty':
      return undefined;
  }
}

/**
 * Names met while translating one request, so each metric name, attribute key and bucket bound is
 * sanitized or formatted once however many points repeat it.
 */
export class NameCache {
  private readonly families = new Map<string, MetricFamily | string>();
  private readonly labels = new Map<string, string | null>();
  private readonly floats = new Map<number, string>();

  /** The family of a metric, or why it cannot have one. */
  family(metric: Metric, kind: NamingKind): MetricFamily | string {
    const key = `${kind}\u0000${metric.unit}\u0000${metric.name}\u0000${metric.description}`;
    let family = this.families.get(key);
    if (family === undefined) {
      const name = metricName(metric.name, metric.unit, kind);
      family =
        name === ''
          ? 'the name has no character valid in a Prometheus metric name'
          : { name, kind, metadata: { metricFamilyName: name, type: METADATA_TYPES[kind], help: metric.description, unit: metricUnit(metric.unit, kind) } };
      this.families.set(key, family);
    }
    return family;
  }

  /** The label name of an attribute key, or undefined when it has none. */
  label(key: string): string | undefined {
    let name = this.labels.get(key);
    if (name === undefined) {
      name = labelName(key) ?? null;
      this.labels.set(key, name);
    }
    return name ?? undefined;
  }

  /** A bucket bound or quantile as label text. */
  float(value: number): string {
    // A Map does not tell -0 from 0.
    if (value === 0) return formatLabelFloat(value);
    let text = this.floats.get(value);
    if (text === undefined) {
      text = formatLabelFloat(value);
      this.floats.set(value, text);
    }
    return text;
  }
}
