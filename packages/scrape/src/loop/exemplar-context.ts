import { spanIdFromHex, traceIdFromHex, type Label, type Labels, type SeriesExemplar, type SpanId, type TraceId } from '@braid/model';
import type { ExposedExemplar } from '../exposition/exposition.js';

const TRACE_ID_LABEL = 'trace_id';
const SPAN_ID_LABEL = 'span_id';

/**
 * An exposed exemplar for a series: `trace_id`/`span_id` labels become its trace context. A value
 * that is not a hex id of the right size stays a label, so nothing the target said is lost.
 */
export function seriesExemplar(seriesLabels: Labels, exemplar: ExposedExemplar, timestampMs: number): SeriesExemplar {
  let traceId: TraceId | undefined;
  let spanId: SpanId | undefined;
  const labels: Label[] = [];
  for (const label of exemplar.labels) {
    if (label.name === TRACE_ID_LABEL && traceId === undefined && (traceId = traceIdFromHex(label.value)) !== undefined) continue;
    if (label.name === SPAN_ID_LABEL && spanId === undefined && (spanId = spanIdFromHex(label.value)) !== undefined) continue;
    labels.push(label);
  }
  return { seriesLabels, labels, traceId, spanId, timestampMs, value: exemplar.value };
}
