import { isDeepStrictEqual } from 'node:util';
import { METRIC_NAME_LABEL, labelsKey, toHex, type Labels, type ResourceSpans, type SeriesExemplar, type SeriesSamples } from '@braid/model';
import type { SpanRecord } from '../records.js';

/*
 * Order-insensitive views of read results, for reads whose order the port leaves open.
 */

/** The spans of a trace result as records, sorted by span id. */
export function flattenTrace(trace: readonly ResourceSpans[]): SpanRecord[] {
  const records: SpanRecord[] = [];
  for (const rs of trace) {
    for (const ss of rs.scopeSpans) {
      for (const span of ss.spans) {
        records.push({ resource: rs.resource, resourceSchemaUrl: rs.schemaUrl, scope: ss.scope, scopeSchemaUrl: ss.schemaUrl, span });
      }
    }
  }
  return sortBySpanId(records);
}

/** Records sorted by span id, the order expected records are written in. */
export function sortBySpanId(records: readonly SpanRecord[]): SpanRecord[] {
  return [...records].sort((a, b) => compareText(toHex(a.span.spanId), toHex(b.span.spanId)));
}

/** Groups of a trace result that repeat an earlier group's resource (or scope within a resource). */
export function repeatedGroups(trace: readonly ResourceSpans[]): string[] {
  const repeated: string[] = [];
  trace.forEach((rs, i) => {
    if (trace.slice(0, i).some((o) => o.schemaUrl === rs.schemaUrl && isDeepStrictEqual(o.resource, rs.resource))) repeated.push(`resource #${i}`);
    rs.scopeSpans.forEach((ss, j) => {
      if (rs.scopeSpans.slice(0, j).some((o) => o.schemaUrl === ss.schemaUrl && isDeepStrictEqual(o.scope, ss.scope))) repeated.push(`scope #${j} of resource #${i}`);
    });
  });
  return repeated;
}

/** A label set as PromQL writes it: `name{a="1",b="2"}`. */
export function formatLabels(labels: Labels): string {
  const name = labels.find((l) => l.name === METRIC_NAME_LABEL)?.value ?? '';
  const rest = labels.filter((l) => l.name !== METRIC_NAME_LABEL).map((l) => `${l.name}=${JSON.stringify(l.value)}`);
  return `${name}{${rest.join(',')}}`;
}

/** Label sets formatted and sorted, for comparing sets of series. */
export function seriesNames(sets: readonly Labels[]): string[] {
  return sets.map(formatLabels).sort(compareText);
}

/** Series samples sorted by label set. */
export function sortSeries(list: readonly SeriesSamples[]): SeriesSamples[] {
  return [...list].sort((a, b) => compareText(labelsKey(a.labels), labelsKey(b.labels)));
}

/** Exemplars sorted by series, then time. */
export function sortExemplars(list: readonly SeriesExemplar[]): SeriesExemplar[] {
  return [...list].sort((a, b) => compareText(labelsKey(a.seriesLabels), labelsKey(b.seriesLabels)) || a.timestampMs - b.timestampMs);
}

/** Code-unit order, independent of locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
