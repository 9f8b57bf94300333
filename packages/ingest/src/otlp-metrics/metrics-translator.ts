import type { MetricsData, TenantId } from '@braid/model';
import type { SamplesData } from '@braid/store';
import { DeltaToCumulative } from './delta-to-cumulative.js';
import { RequestTranslation } from './request-translation.js';

/** Metrics arrive as OTLP and are written as Prometheus-style series. */
export interface MetricsTranslation {
  readonly samples: SamplesData;
  /** Data points refused; the others are in `samples`. */
  readonly rejected: number;
  /** Why, one line per refusal (the first hundred), each naming the metric. */
  readonly errors: readonly string[];
}

export type MetricsTranslator = (tenant: TenantId, data: MetricsData) => MetricsTranslation;

export interface MetricsTranslatorOptions {
  /** The state that turns delta temporality into cumulative; one with default limits when absent. */
  readonly deltaToCumulative?: DeltaToCumulative;
}

/**
 * A translator from OTLP metrics to Prometheus series, following the OpenTelemetry "Prometheus and
 * OpenMetrics compatibility" spec as Prometheus' own OTLP receiver does (see the package README).
 * It keeps delta streams' running totals between calls.
 */
export function createMetricsTranslator(options: MetricsTranslatorOptions = {}): MetricsTranslator {
  const deltas = options.deltaToCumulative ?? new DeltaToCumulative();
  return (tenant, data) => new RequestTranslation(tenant, deltas).translate(data);
}
