import { millisFromUnixNano, type Exemplar, type Label, type Labels, type SeriesExemplar } from '@braid/model';
import type { NameCache } from './metric-family.js';
import { attributeLabels } from './series-labels.js';

/** Exemplar attributes named like the id labels Prometheus adds are kept as `exported_trace_id`, `exported_span_id`. */
const ID_LABELS: ReadonlySet<string> = new Set(['trace_id', 'span_id']);
/** OpenMetrics' limit on an exemplar's label set, ids included; beyond it Prometheus drops the attributes. */
const MAX_EXEMPLAR_RUNES = 128;
const TRACE_ID_RUNES = 'trace_id'.length + 32;
const SPAN_ID_RUNES = 'span_id'.length + 16;

/** An OTLP exemplar attached to a series: ids kept, filtered attributes as sanitized labels. */
export function seriesExemplar(seriesLabels: Labels, exemplar: Exemplar, names: NameCache): SeriesExemplar {
  let labels = attributeLabels(exemplar.filteredAttributes, ID_LABELS, names, true) as Label[];
  if (labels.length > 0 && runes(exemplar, labels) > MAX_EXEMPLAR_RUNES) labels = [];
  return {
    seriesLabels,
    labels,
    traceId: exemplar.traceId,
    spanId: exemplar.spanId,
    timestampMs: millisFromUnixNano(exemplar.timeUnixNano),
    value: Number(exemplar.value),
  };
}

/** The bucket an exemplar belongs to: the first upper bound at or above its value; `bounds.length` is +Inf. */
export function bucketIndex(bounds: ArrayLike<number>, value: number): number {
  for (let i = 0; i < bounds.length; i++) if (value <= bounds[i]!) return i;
  return bounds.length;
}

function runes(exemplar: Exemplar, labels: readonly Label[]): number {
  let count = (exemplar.traceId ? TRACE_ID_RUNES : 0) + (exemplar.spanId ? SPAN_ID_RUNES : 0);
  for (const label of labels) count += codePoints(label.name) + codePoints(label.value);
  return count;
}

function codePoints(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // A high surrogate and its low surrogate are one code point.
    if (code < 0xd800 || code > 0xdbff) count++;
  }
  return count;
}
