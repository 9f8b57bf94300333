import type { MetricMetadata, MetricType } from '@braid/model';
import { skipField, within, type WireReader, type WireWriter } from '@braid/otlp';
import { METRIC_METADATA } from './wire-schemas.js';

/** `prometheus.MetricMetadata.MetricType` by enum number; unknown numbers read as 'unknown'. */
const TYPES: readonly MetricType[] = ['unknown', 'counter', 'gauge', 'histogram', 'gaugehistogram', 'summary', 'info', 'stateset'];

/**
 * Reads one repeated `metadata` entry into `into`, naming it if it is bad. An entry without a
 * family name says nothing about any series and is skipped (Prometheus ignores 1.0 metadata
 * altogether).
 */
export function decodeMetadata(r: WireReader, into: MetricMetadata[], index: number): void {
  try {
    const end = r.delimitedEnd();
    let type = 0;
    let metricFamilyName = '';
    let help = '';
    let unit = '';
    while (r.pos < end) {
      const tag = r.uint32();
      if (tag === 0x08) type = r.uint32();
      else if (tag === 0x12) metricFamilyName = r.string();
      else if (tag === 0x22) help = r.string();
      else if (tag === 0x2a) unit = r.string();
      else skipField(r, tag, METRIC_METADATA);
    }
    r.finish(end);
    if (metricFamilyName !== '') into.push({ metricFamilyName, type: TYPES[type] ?? 'unknown', help, unit });
  } catch (error) {
    throw within(error, 'metadata', index);
  }
}

/** Writes a MetricMetadata in `field`. */
export function writeMetadata(w: WireWriter, field: number, metadata: MetricMetadata): void {
  const start = w.begin(field);
  w.uint32Field(1, Math.max(0, TYPES.indexOf(metadata.type)));
  w.stringField(2, metadata.metricFamilyName);
  w.stringField(4, metadata.help);
  w.stringField(5, metadata.unit);
  w.end(start);
}
