import { serviceName, type TenantId, type TracesData } from '@braid/model';
import { spanIdToColumn, traceIdToColumn } from '../codec/ids-column.js';
import { encodeEvents, encodeLinks } from '../codec/span-parts-json.js';
import { addResource, addScope } from './dimension-rows.js';
import { splitAttributes } from '../dedicated/attribute-layout.js';
import type { TableRows } from './table-columns.js';
import type { WriteContext } from './write-rows.js';

/** Adds the rows of an OTLP traces export: one per span, plus new resources and scopes. */
export function addTraces(rows: TableRows, { ids, dedicated }: WriteContext, tenant: TenantId, data: TracesData): void {
  for (const rs of data.resourceSpans) {
    const resourceId = addResource(rows, ids, tenant, rs.resource, rs.schemaUrl);
    const service = serviceName(rs.resource);
    for (const ss of rs.scopeSpans) {
      const scopeId = addScope(rows, ids, tenant, ss.scope, ss.schemaUrl);
      for (const span of ss.spans) {
        const attributes = splitAttributes(span.attributes, dedicated.spans);
        rows.push('spans', [
          tenant,
          service,
          span.startTimeUnixNano,
          span.endTimeUnixNano - span.startTimeUnixNano,
          traceIdToColumn(span.traceId),
          spanIdToColumn(span.spanId),
          span.parentSpanId === undefined ? null : spanIdToColumn(span.parentSpanId),
          span.name,
          span.kind,
          span.status.code,
          span.status.message,
          span.traceState,
          span.flags,
          attributes.remainder,
          attributes.layout,
          span.droppedAttributesCount,
          encodeEvents(span.events),
          span.droppedEventsCount,
          encodeLinks(span.links),
          span.droppedLinksCount,
          resourceId,
          scopeId,
          ...attributes.values,
        ]);
      }
    }
  }
}
