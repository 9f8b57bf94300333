import { isStaleNaN, labelValue, METRIC_NAME_LABEL, type Labels, type TenantId } from '@braid/model';
import type { SamplesData } from '@braid/store';
import type { DuckDBValue } from '@duckdb/node-api';
import { spanIdToColumn, traceIdToColumn } from '../codec/ids-column.js';
import { labelSetId } from './dimension-rows.js';
import type { KnownIds } from './known-ids.js';
import type { TableRows } from './table-columns.js';

/** Adds samples, exemplars and metadata; a staleness marker is written as a NULL value. */
export function addSamples(rows: TableRows, ids: KnownIds, tenant: TenantId, data: SamplesData): void {
  const [tenants, seriesIds, timestamps, values] = rows.columnsOf('samples') as [DuckDBValue[], DuckDBValue[], DuckDBValue[], DuckDBValue[]];
  for (const series of data.series) {
    const id = addSeries(rows, ids, tenant, series.labels);
    const n = series.values.length;
    for (let i = 0; i < n; i++) {
      const value = series.values[i]!;
      tenants.push(tenant);
      seriesIds.push(id);
      timestamps.push(BigInt(Math.trunc(series.timestampsMs[i]!)));
      values.push(Number.isNaN(value) && isStaleNaN(value) ? null : value);
    }
  }
  for (const e of data.exemplars) {
    rows.push('exemplars', [
      tenant,
      addSeries(rows, ids, tenant, e.seriesLabels),
      BigInt(Math.trunc(e.timestampMs)),
      e.value,
      e.traceId === undefined ? null : traceIdToColumn(e.traceId),
      e.spanId === undefined ? null : spanIdToColumn(e.spanId),
      JSON.stringify(e.labels.map((l) => [l.name, l.value])),
    ]);
  }
  for (const m of data.metadata) rows.push('metric_metadata', [tenant, m.metricFamilyName, m.type, m.help, m.unit]);
}

function addSeries(rows: TableRows, ids: KnownIds, tenant: TenantId, labels: Labels): bigint {
  const { id, json } = labelSetId(tenant, labels);
  if (ids.claim('series', id)) rows.push('series', [tenant, id, labelValue(labels, METRIC_NAME_LABEL), json]);
  return id;
}
