import { unixNano, type Span } from '@braid/model';
import type { DuckDBValue } from '@duckdb/node-api';
import { joinAttributes } from '../dedicated/attribute-layout.js';
import type { DedicatedSlots } from '../dedicated/dedicated-columns.js';
import { spanIdFromColumn, traceIdFromColumn } from '../codec/ids-column.js';
import { decodeEvents, decodeLinks } from '../codec/span-parts-json.js';

const FIXED_COLUMNS = `start_ns, duration_ns, trace_id, span_id, parent_span_id, name, kind, status_code, status_message,
  trace_state, flags, attributes, attribute_layout, dropped_attributes, events, dropped_events, links, dropped_links, resource_id, scope_id`;

/** What a span read selects: the fixed columns spanFromRow reads, then every dedicated attribute column. */
export const SPAN_SELECT = `${FIXED_COLUMNS}, * EXCLUDE (tenant, service_name, ${FIXED_COLUMNS})`;

/** A stored span row: the span and the ids of its resource and scope. */
export interface SpanRow {
  readonly span: Span;
  readonly resourceId: bigint;
  readonly scopeId: bigint;
}

/** Decodes one row selected with SPAN_SELECT; `slots` places its dedicated columns. */
export function spanFromRow(row: readonly DuckDBValue[], slots: DedicatedSlots): SpanRow {
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
      attributes: joinAttributes(row[12] as string, row[11] as string, row, slots),
      droppedAttributesCount: Number(row[13]),
      events: decodeEvents(row[14] as string | null),
      droppedEventsCount: Number(row[15]),
      links: decodeLinks(row[16] as string | null),
      droppedLinksCount: Number(row[17]),
    },
    resourceId: row[18] as bigint,
    scopeId: row[19] as bigint,
  };
}
