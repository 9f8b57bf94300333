import type { ResourceSpans, ScopeSpans, Span, TenantId, TraceId } from '@braid/model';
import type { AttributeFilter, NanoRange, SpanQuery, SpanRecord } from '@braid/store';
import type { DuckDBConnection } from '@duckdb/node-api';
import { traceIdToColumn } from '../codec/ids-column.js';
import { attributeCondition } from './attribute-condition.js';
import type { DedicatedColumns } from '../dedicated/dedicated-columns.js';
import type { DimensionLookup } from './dimensions.js';
import type { ReadContext } from './read-context.js';
import { SPAN_SELECT, spanFromRow, type SpanRow } from './span-rows.js';
import { addTimeRange, idLiteral, SqlFilter } from './sql-filter.js';

/** Every span of a trace, grouped by resource then scope as OTLP sends them. */
export async function readTrace(
  connection: DuckDBConnection,
  { dimensions, dedicated }: ReadContext,
  tenant: TenantId,
  traceId: TraceId,
  range: NanoRange = {},
): Promise<ResourceSpans[]> {
  const filter = new SqlFilter().where('tenant = ?', tenant).where(`trace_id = ${idLiteral(traceIdToColumn(traceId))}::UHUGEINT`);
  addTimeRange(filter, 'start_ns', range);
  const reader = await connection.runAndReadAll(`SELECT ${SPAN_SELECT} FROM spans WHERE ${filter} ORDER BY start_ns`, filter.params);
  const slots = dedicated.spans.slotsOf(reader.columnNames());
  const rows = reader.getRows().map((row) => spanFromRow(row, slots));
  const lookup = await dimensions.load(connection, rows.map((r) => r.resourceId), rows.map((r) => r.scopeId));
  return groupByResource(rows, lookup);
}

/** Spans matching every condition of the query, most recent first. */
export async function searchSpans(connection: DuckDBConnection, { dimensions, dedicated }: ReadContext, tenant: TenantId, query: SpanQuery): Promise<SpanRecord[]> {
  const filter = new SqlFilter().where('tenant = ?', tenant);
  if (query.traceId) filter.where(`trace_id = ${idLiteral(traceIdToColumn(query.traceId))}::UHUGEINT`);
  if (query.serviceName !== undefined) filter.where('service_name = ?', query.serviceName);
  if (query.spanName !== undefined) filter.where('name = ?', query.spanName);
  if (query.kind !== undefined) filter.where('kind = ?', query.kind);
  if (query.statusCode !== undefined) filter.where('status_code = ?', query.statusCode);
  if (query.minDurationNs !== undefined) filter.where('duration_ns >= ?', query.minDurationNs);
  if (query.maxDurationNs !== undefined) filter.where('duration_ns <= ?', query.maxDurationNs);
  addTimeRange(filter, 'start_ns', query);
  for (const attribute of query.attributes ?? []) addAttributeFilter(filter, attribute, dedicated.spans);
  const reader = await connection.runAndReadAll(
    `SELECT ${SPAN_SELECT} FROM spans WHERE ${filter} ORDER BY start_ns DESC LIMIT ${Math.max(0, Math.floor(query.limit))}`,
    filter.params,
  );
  const slots = dedicated.spans.slotsOf(reader.columnNames());
  const rows = reader.getRows().map((row) => spanFromRow(row, slots));
  const lookup = await dimensions.load(connection, rows.map((r) => r.resourceId), rows.map((r) => r.scopeId));
  return rows.map((row) => {
    const resource = lookup.resource(row.resourceId);
    const scope = lookup.scope(row.scopeId);
    return { resource: resource.resource, resourceSchemaUrl: resource.schemaUrl, scope: scope.scope, scopeSchemaUrl: scope.schemaUrl, span: row.span };
  });
}

function addAttributeFilter(filter: SqlFilter, attribute: AttributeFilter, dedicated: DedicatedColumns): void {
  const column = dedicated.existing(attribute.key);
  const onSpan = attributeCondition('attributes', attribute, column);
  const onResource = attributeCondition('r.attributes', attribute);
  const resourceMatch = `resource_id IN (SELECT r.resource_id FROM resources r WHERE r.tenant = spans.tenant AND ${onResource.sql})`;
  if (attribute.scope === 'span') filter.where(onSpan.sql, ...onSpan.params);
  else if (attribute.scope === 'resource') filter.where(resourceMatch, ...onResource.params);
  else filter.where(`(${onSpan.sql} OR ${resourceMatch})`, ...onSpan.params, ...onResource.params);
}

function groupByResource(rows: readonly SpanRow[], lookup: DimensionLookup): ResourceSpans[] {
  const byResource = new Map<bigint, Map<bigint, Span[]>>();
  for (const row of rows) {
    let scopes = byResource.get(row.resourceId);
    if (!scopes) byResource.set(row.resourceId, (scopes = new Map()));
    let spans = scopes.get(row.scopeId);
    if (!spans) scopes.set(row.scopeId, (spans = []));
    spans.push(row.span);
  }
  return [...byResource].map(([resourceId, scopes]): ResourceSpans => {
    const resource = lookup.resource(resourceId);
    const scopeSpans = [...scopes].map(([scopeId, spans]): ScopeSpans => {
      const scope = lookup.scope(scopeId);
      return { scope: scope.scope, schemaUrl: scope.schemaUrl, spans };
    });
    return { resource: resource.resource, schemaUrl: resource.schemaUrl, scopeSpans };
  });
}

