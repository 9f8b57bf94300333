import { unixNano, type Span } from '@braid/model';
import type { DuckDBValue } from '@duckdb/node-api';
import { decodeAttributes } from '../codec/any-value-json.js';
import { spanIdFromColumn, traceIdFromColumn } from '../codec/ids-column.js';
import { decodeEvents, decodeLinks } from '../codec/span-parts-json.js';

/** The span columns every span read selects, in the order spanFromRow reads them. */
export const SPAN_COLUMNS = `start_ns, duration_ns, trace_id, span_id, parent_span_id, name, kind, status_code, status_message,
  trace_state, flags, attributes, dropped_attributes, events, dropped_events, links, dropped_links, resource_id, scope_id`;

/** A stored span row: the span and the ids of its resource and scope. */
export interface SpanRow {
  readonly span: Span;
  readonly resourceId: bigint;
  readonly scopeId: bigint;
}

/** Decodes one row selected with SPAN_COLUMNS. */
export function spanFromRow(row: readonly DuckDBValue[]): SpanRow {
  const start = row[0] as bigint;
  const parent = row[4] as bigint | null;
  return {
    span: {
      startTimeUnixNano: unixNano(start),
      endTimeUnixNano: unixNano(start + (row[1] as bigint)),
      traceId: traceIdFromColumn(row[2] as bigint),
      spanId: spanIdFromColumn(row[3] as bigint),
      parentSpanId: parent === null ? undefined : spanIdFromColumn(parent),
      name: row[5] as string,
      kind: row[6] as number,
      status: { code: row[7] as number, message: row[8] as string },
      traceState: row[9] as string,
      flags: Number(row[10]),
      attributes: decodeAttributes(row[11] as string),
      droppedAttributesCount: Number(row[12]),
      events: decodeEvents(row[13] as string | null),
      droppedEventsCount: Number(row[14]),
      links: decodeLinks(row[15] as string | null),
      droppedLinksCount: Number(row[16]),
    },
    resourceId: row[17] as bigint,
    scopeId: row[18] as bigint,
  };
}
