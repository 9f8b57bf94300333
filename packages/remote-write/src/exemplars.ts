import { spanIdFromHex, toHex, traceIdFromHex, type Label, type Labels, type SeriesExemplar, type SpanId, type TraceId } from '@braid/model';
import { skipField, within, type WireReader } from '@braid/otlp';
import { readMillis } from './millis.js';
import { exemplarLabels, decodeLabel } from './series-labels.js';
import { EXEMPLAR } from './wire-schemas.js';

/** The labels Prometheus and OpenTelemetry exporters put an exemplar's trace context in. */
export const TRACE_ID_LABEL = 'trace_id';
export const SPAN_ID_LABEL = 'span_id';

/** An exemplar before the labels of its series are known (they may come after it on the wire). */
export type SeriesExemplarDraft = Omit<SeriesExemplar, 'seriesLabels'>;

/** Reads one repeated `exemplars` entry (a `prometheus.Exemplar`) into `into`, naming it if it is bad. */
export function decodeExemplar(r: WireReader, into: SeriesExemplarDraft[]): void {
  try {
    const end = r.delimitedEnd();
    const labels: Label[] = [];
    let value = 0;
    let timestampMs = 0;
    while (r.pos < end) {
      const tag = r.uint32();
      if (tag === 0x0a) decodeLabel(r, labels);
      else if (tag === 0x11) value = r.double();
      else if (tag === 0x18) timestampMs = readMillis(r);
      else skipField(r, tag, EXEMPLAR);
    }
    r.finish(end);
    into.push(withTraceContext(labels, value, timestampMs));
  } catch (error) {
    throw within(error, 'exemplars', into.length);
  }
}

/**
 * Moves `trace_id`/`span_id` labels into the exemplar's ids. A value that is not a hex id of the
 * right size stays a label, so nothing the sender said is lost.
 */
function withTraceContext(labels: Label[], value: number, timestampMs: number): SeriesExemplarDraft {
  let traceId: TraceId | undefined;
  let spanId: SpanId | undefined;
  const rest: Label[] = [];
  for (const label of labels) {
    if (label.name === TRACE_ID_LABEL && traceId === undefined && (traceId = traceIdFromHex(label.value)) !== undefined) continue;
    if (label.name === SPAN_ID_LABEL && spanId === undefined && (spanId = spanIdFromHex(label.value)) !== undefined) continue;
    rest.push(label);
  }
  return { labels: exemplarLabels(rest), traceId, spanId, timestampMs, value };
}

/** An exemplar's labels as a sender writes them: its own labels plus the ids in hex. */
export function exemplarWireLabels(exemplar: SeriesExemplarDraft): Labels {
  const labels: Label[] = [...exemplar.labels];
  if (exemplar.traceId) labels.push({ name: TRACE_ID_LABEL, value: toHex(exemplar.traceId) });
  if (exemplar.spanId) labels.push({ name: SPAN_ID_LABEL, value: toHex(exemplar.spanId) });
  return labels;
}

