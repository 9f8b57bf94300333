import { labelsKey, METRIC_NAME_LABEL, STALE_NAN_BITS, type Labels, type MetricMetadata, type MetricType, type SeriesExemplar, type SeriesSamples, type TenantId } from '@braid/model';
import { matchesAll, type LabelMatcher, type MetadataQuery, type SeriesQuery } from '@braid/store';
import type { DuckDBConnection } from '@duckdb/node-api';
import { spanIdFromColumn, traceIdFromColumn } from '../codec/ids-column.js';
import { labelsFromJson } from './label-set-json.js';
import { idList } from './sql-filter.js';

interface StoredSeries {
  readonly id: bigint;
  readonly labels: Labels;
}

interface MsRange {
  readonly startMs: number;
  readonly endMs: number;
}

/**
 * Series of the tenant that satisfy the matchers and have a sample in the range, sorted by labels.
 * An equality matcher on `__name__` narrows the scan in SQL; every matcher is then applied in JS.
 */
export async function matchingSeries(
  connection: DuckDBConnection,
  tenant: TenantId,
  matchers: readonly LabelMatcher[],
  range: MsRange,
  limit?: number,
): Promise<StoredSeries[]> {
  const name = matchers.find((m) => m.name === METRIC_NAME_LABEL && m.op === '=');
  const reader = await connection.runAndReadAll(
    `SELECT series_id, labels FROM series WHERE tenant = ?${name ? ' AND metric_name = ?' : ''}`,
    name ? [tenant, name.value] : [tenant],
  );
  const candidates = new Map<bigint, Labels>();
  for (const [id, json] of reader.getRows()) {
    const labels = labelsFromJson(json as string);
    if (matchesAll(labels, matchers)) candidates.set(id as bigint, labels);
  }
  if (candidates.size === 0) return [];
  const withSamples = await connection.runAndReadAll(
    `SELECT DISTINCT series_id FROM samples WHERE tenant = ? AND series_id IN (${idList(candidates.keys())}) AND ts_ms BETWEEN ? AND ?`,
    [tenant, BigInt(Math.floor(range.startMs)), BigInt(Math.ceil(range.endMs))],
  );
  const found = withSamples.getRows().map(([id]) => ({ id: id as bigint, labels: candidates.get(id as bigint)! }));
  found.sort((a, b) => compareKeys(labelsKey(a.labels), labelsKey(b.labels)));
  return limit !== undefined && limit > 0 ? found.slice(0, limit) : found;
}

/** Samples of the matching series in the range, ascending; one sample per timestamp, the last written. */
export async function readSamples(connection: DuckDBConnection, tenant: TenantId, query: SeriesQuery): Promise<SeriesSamples[]> {
  const series = await matchingSeries(connection, tenant, query.matchers, query, query.limit);
  if (series.length === 0) return [];
  const reader = await connection.runAndReadAll(
    `SELECT series_id, ts_ms, value FROM samples
     WHERE tenant = ? AND series_id IN (${idList(series.map((s) => s.id))}) AND ts_ms BETWEEN ? AND ?
     ORDER BY series_id, ts_ms, rowid`,
    [tenant, BigInt(Math.floor(query.startMs)), BigInt(Math.ceil(query.endMs))],
  );
  const [ids = [], timestamps = [], values = []] = reader.getColumns() as [bigint[], bigint[], (number | null)[]];
  const bySeries = new Map<bigint, { ts: number[]; values: (number | null)[] }>();
  for (let i = 0; i < ids.length; i++) {
    let samples = bySeries.get(ids[i]!);
    if (!samples) bySeries.set(ids[i]!, (samples = { ts: [], values: [] }));
    const ts = Number(timestamps[i]);
    if (samples.ts.length > 0 && samples.ts[samples.ts.length - 1] === ts) samples.values[samples.values.length - 1] = values[i]!;
    else {
      samples.ts.push(ts);
      samples.values.push(values[i]!);
    }
  }
  return series.flatMap((s): SeriesSamples[] => {
    const samples = bySeries.get(s.id);
    return samples ? [{ labels: s.labels, timestampsMs: Float64Array.from(samples.ts), values: valuesArray(samples.values) }] : [];
  });
}

/** Values as a Float64Array, NULLs as Prometheus staleness markers written bit-exact. */
function valuesArray(values: readonly (number | null)[]): Float64Array {
  const out = new Float64Array(values.length);
  const bits = new BigUint64Array(out.buffer);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === null) bits[i] = STALE_NAN_BITS;
    else out[i] = v;
  }
  return out;
}

/** Exemplars of the matching series in the range, by series then time. */
export async function readExemplars(connection: DuckDBConnection, tenant: TenantId, query: SeriesQuery): Promise<SeriesExemplar[]> {
  const name = query.matchers.find((m) => m.name === METRIC_NAME_LABEL && m.op === '=');
  const reader = await connection.runAndReadAll(
    `SELECT s.labels, e.ts_ms, e.value, e.trace_id, e.span_id, e.labels
     FROM exemplars e JOIN series s ON s.tenant = e.tenant AND s.series_id = e.series_id
     WHERE e.tenant = ? AND e.ts_ms BETWEEN ? AND ?${name ? ' AND s.metric_name = ?' : ''}
     ORDER BY s.labels, e.ts_ms`,
    [tenant, BigInt(Math.floor(query.startMs)), BigInt(Math.ceil(query.endMs)), ...(name ? [name.value] : [])],
  );
  const out: SeriesExemplar[] = [];
  for (const [seriesJson, ts, value, traceId, spanId, labelsJson] of reader.getRows()) {
    const seriesLabels = labelsFromJson(seriesJson as string);
    if (!matchesAll(seriesLabels, query.matchers)) continue;
    out.push({
      seriesLabels,
      labels: labelsFromJson(labelsJson as string),
      traceId: traceId === null ? undefined : traceIdFromColumn(traceId as bigint),
      spanId: spanId === null ? undefined : spanIdFromColumn(spanId as bigint),
      timestampMs: Number(ts),
      value: value as number,
    });
  }
  return out;
}

/** Latest metadata per metric family, sorted by family. */
export async function readMetadata(connection: DuckDBConnection, tenant: TenantId, query: MetadataQuery): Promise<MetricMetadata[]> {
  const limit = query.limit !== undefined && query.limit > 0 ? ` LIMIT ${Math.floor(query.limit)}` : '';
  const reader = await connection.runAndReadAll(
    `SELECT metric_family, type, help, unit FROM metric_metadata
     WHERE tenant = ?${query.metric !== undefined ? ' AND metric_family = ?' : ''}
     QUALIFY row_number() OVER (PARTITION BY metric_family ORDER BY rowid DESC) = 1
     ORDER BY metric_family${limit}`,
    query.metric !== undefined ? [tenant, query.metric] : [tenant],
  );
  return reader.getRows().map(([family, type, help, unit]) => ({
    metricFamilyName: family as string,
    type: type as MetricType,
    help: help as string,
    unit: unit as string,
  }));
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
