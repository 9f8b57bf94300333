import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Labels, SeriesExemplar, TenantId } from '@braid/model';
import { PromQLError, compareLabels, formatExpr, parseExpr, type Expr, type SampleSource, type VectorSelector } from '@braid/promql';
import type { LabelMatcher, Store } from '@braid/store';
import type { ServerContext } from '../../server-context.js';
import { tenantFromHeader } from '../../tenant.js';
import { apiErrorOf, badData } from './api-error.js';
import { errorJson, formatTimestamp, formatValue, labelsJson, queryDataJson, successJson } from './api-json.js';
import { ApiParams } from './api-params.js';
import { MAX_TIME_MS, MIN_TIME_MS, parseDurationParam, parseTimeParam } from './api-time.js';

/** What /api/v1/status/buildinfo reports. */
const BUILD_INFO = { version: '0.1.0', revision: '', branch: 'main', buildUser: 'braid', buildDate: '', goVersion: 'none (braid is TypeScript)' };

/** One API call: its parameters, tenant, and the label name of /label/<name>/values. */
interface ApiRequest {
  readonly params: ApiParams;
  readonly tenant: TenantId;
  readonly labelName: string;
}

type Handler = (request: ApiRequest, context: ServerContext) => Promise<string>;

/** The samples a tenant's queries read. */
export function tenantSource(store: Store, tenant: TenantId): SampleSource {
  return { select: (matchers, startMs, endMs) => store.readSamples(tenant, { matchers, startMs, endMs }) };
}

/**
 * The Prometheus HTTP API (https://prometheus.io/docs/prometheus/latest/querying/api/), at
 * /api/v1 and under the /prometheus prefix Grafana's and Mimir's users expect; GET and POST
 * (form bodies) alike. Responses are Prometheus' envelope, byte for byte.
 */
export function registerPrometheusRoutes(app: FastifyInstance, context: ServerContext): void {
  const routes: Record<string, Handler> = {
    '/api/v1/query': query,
    '/api/v1/query_range': queryRange,
    '/api/v1/series': series,
    '/api/v1/labels': labelNames,
    '/api/v1/label/:name/values': labelValues,
    '/api/v1/metadata': metadata,
    '/api/v1/query_exemplars': queryExemplars,
    '/api/v1/format_query': formatQuery,
    '/api/v1/status/buildinfo': async () => successJson(JSON.stringify(BUILD_INFO)),
  };
  for (const [path, handler] of Object.entries(routes)) {
    for (const prefix of ['', '/prometheus']) {
      const serve = (request: FastifyRequest, reply: FastifyReply) => answer(request, reply, context, handler);
      app.get(prefix + path, serve);
      app.post(prefix + path, serve);
    }
  }
}

async function answer(request: FastifyRequest, reply: FastifyReply, context: ServerContext, handler: Handler): Promise<FastifyReply> {
  try {
    const labelName = (request.params as { name?: string }).name ?? '';
    const body = await handler({ params: ApiParams.of(request), tenant: tenantFromHeader(request.headers['x-scope-orgid']), labelName }, context);
    return reply.type('application/json').send(body);
  } catch (error) {
    const apiError = apiErrorOf(error);
    if (apiError.errorType === 'internal') request.log.error({ err: error }, 'prometheus api request failed');
    return reply.code(apiError.httpStatus).type('application/json').send(errorJson(apiError.errorType, apiError.message));
  }
}

function requiredQuery(params: ApiParams): string {
  const text = params.get('query');
  if (text === undefined) throw badData('invalid parameter "query": query must not be empty');
  return text;
}

async function query({ params, tenant }: ApiRequest, context: ServerContext): Promise<string> {
  const text = requiredQuery(params);
  const timeMs = parseTimeParam('time', params.get('time'), Date.now());
  const result = await asQueryParam(context.promql.instant(tenantSource(context.store, tenant), { query: text, timeMs }));
  return successJson(queryDataJson(result.value), result.warnings, result.infos);
}

async function queryRange({ params, tenant }: ApiRequest, context: ServerContext): Promise<string> {
  const text = requiredQuery(params);
  const required = (name: string): string => {
    const value = params.get(name);
    if (value === undefined) throw badData(`invalid parameter "${name}": cannot parse "" to a valid ${name === 'step' ? 'duration' : 'timestamp'}`);
    return value;
  };
  const startMs = parseTimeParam('start', required('start'), 0);
  const endMs = parseTimeParam('end', required('end'), 0);
  if (endMs < startMs) throw badData('invalid parameter "end": end timestamp must not be before start time');
  const stepMs = parseDurationParam('step', required('step'));
  if (stepMs <= 0) throw badData('invalid parameter "step": zero or negative query resolution step widths are not accepted. Try a positive integer');
  if ((endMs - startMs) / stepMs > 11_000) {
    throw badData('exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)');
  }
  const result = await asQueryParam(context.promql.range(tenantSource(context.store, tenant), { query: text, startMs, endMs, stepMs }));
  return successJson(queryDataJson(result.value), result.warnings, result.infos);
}

/** Errors of the query itself (parse, type) name the parameter, as Prometheus' invalidParamError does. */
async function asQueryParam<T>(running: Promise<T>): Promise<T> {
  try {
    return await running;
  } catch (error) {
    if (error instanceof PromQLError && error.errorType === 'bad_data') throw badData(`invalid parameter "query": ${error.message}`);
    throw error;
  }
}

/** `match[]` selectors, each parsed as a PromQL vector selector. */
function selectors(params: ApiParams, required: boolean): LabelMatcher[][] {
  const raw = params.all('match[]');
  if (raw.length === 0 && required) throw badData('no match[] parameter provided');
  return raw.map((text) => {
    let expr: Expr;
    try {
      expr = parseExpr(text);
    } catch (error) {
      throw badData(`invalid parameter "match[]": ${error instanceof Error ? error.message : String(error)}`);
    }
    if (expr.type !== 'vectorSelector') throw badData(`invalid parameter "match[]": expected a vector selector, got ${formatExpr(expr)}`);
    return [...expr.matchers];
  });
}

function limitOf(params: ApiParams): number | undefined {
  const raw = params.get('limit');
  if (raw === undefined) return undefined;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 0) throw badData('invalid parameter "limit": limit must be a non-negative integer');
  return limit === 0 ? undefined : limit;
}

function rangeOf(params: ApiParams): { startMs: number; endMs: number } {
  return { startMs: parseTimeParam('start', params.get('start'), MIN_TIME_MS), endMs: parseTimeParam('end', params.get('end'), MAX_TIME_MS) };
}

async function series({ params, tenant }: ApiRequest, context: ServerContext): Promise<string> {
  const range = rangeOf(params);
  const limit = limitOf(params);
  const seen = new Map<string, Labels>();
  for (const matchers of selectors(params, true)) {
    for (const labels of await context.store.selectSeries(tenant, { matchers, ...range, ...(limit !== undefined && { limit }) })) {
      seen.set(labelsJson(labels), labels);
    }
  }
  // Sorted by labels, as Prometheus' merged series sets come out.
  const all = [...seen.values()].sort(compareLabels);
  const warnings = limit !== undefined && all.length > limit ? ['results truncated due to limit'] : [];
  return successJson(`[${all.slice(0, limit).map(labelsJson).join(',')}]`, warnings);
}

async function labelNames({ params, tenant }: ApiRequest, context: ServerContext): Promise<string> {
  const range = rangeOf(params);
  const limit = limitOf(params);
  const matcherSets = selectors(params, false);
  const names = new Set<string>();
  for (const matchers of matcherSets.length > 0 ? matcherSets : [undefined]) {
    for (const name of await context.store.labelNames(tenant, { ...range, ...(matchers && { matchers }) })) names.add(name);
  }
  return limitedList([...names].sort(), limit);
}

async function labelValues({ params, tenant, labelName: name }: ApiRequest, context: ServerContext): Promise<string> {
  const range = rangeOf(params);
  const limit = limitOf(params);
  const matcherSets = selectors(params, false);
  const values = new Set<string>();
  for (const matchers of matcherSets.length > 0 ? matcherSets : [undefined]) {
    for (const value of await context.store.labelValues(tenant, decodeLabelName(name), { ...range, ...(matchers && { matchers }) })) values.add(value);
  }
  return limitedList([...values].sort(), limit);
}

/** Label names in the path may be written U__-escaped for UTF-8 names, as Prometheus 3 allows. */
function decodeLabelName(name: string): string {
  if (!name.startsWith('U__')) return name;
  return name.slice(3).replace(/_([0-9a-fA-F]+)_|__/g, (whole, hex: string | undefined) => (hex ? String.fromCodePoint(parseInt(hex, 16)) : '_'));
}

function limitedList(items: string[], limit: number | undefined): string {
  const warnings = limit !== undefined && items.length > limit ? ['results truncated due to limit'] : [];
  return successJson(JSON.stringify(items.slice(0, limit)), warnings);
}

async function metadata({ params, tenant }: ApiRequest, context: ServerContext): Promise<string> {
  const limit = limitOf(params);
  const metric = params.get('metric');
  const entries = await context.store.metadata(tenant, { ...(metric !== undefined && { metric }) });
  const byFamily: Record<string, { type: string; help: string; unit: string }[]> = {};
  for (const entry of entries) {
    if (limit !== undefined && Object.keys(byFamily).length >= limit && !byFamily[entry.metricFamilyName]) continue;
    (byFamily[entry.metricFamilyName] ??= []).push({ type: entry.type, help: entry.help, unit: entry.unit });
  }
  return successJson(JSON.stringify(byFamily));
}

async function queryExemplars({ params, tenant }: ApiRequest, context: ServerContext): Promise<string> {
  const text = requiredQuery(params);
  const range = rangeOf(params);
  const found: SeriesExemplar[] = [];
  for (const selector of selectorsIn(parseExpr(text))) {
    found.push(...(await context.store.readExemplars(tenant, { matchers: [...selector.matchers], ...range })));
  }
  const bySeries = new Map<string, string[]>();
  for (const e of found) {
    const labels = [...e.labels];
    if (e.traceId) labels.push({ name: 'trace_id', value: Buffer.from(e.traceId).toString('hex') });
    if (e.spanId) labels.push({ name: 'span_id', value: Buffer.from(e.spanId).toString('hex') });
    labels.sort((a, b) => (a.name < b.name ? -1 : 1));
    const key = labelsJson(e.seriesLabels);
    const list = bySeries.get(key) ?? [];
    list.push(`{"labels":${labelsJson(labels)},"value":"${formatValue(e.value)}","timestamp":${formatTimestamp(e.timestampMs)}}`);
    bySeries.set(key, list);
  }
  const data = [...bySeries].map(([series, exemplars]) => `{"seriesLabels":${series},"exemplars":[${exemplars.join(',')}]}`);
  return successJson(`[${data.join(',')}]`);
}

/** Every vector selector of an expression (query_exemplars reads the series they select). */
function selectorsIn(expr: Expr): VectorSelector[] {
  switch (expr.type) {
    case 'vectorSelector':
      return [expr];
    case 'matrixSelector':
      return [expr.selector];
    case 'subquery':
    case 'paren':
    case 'unary':
      return selectorsIn(expr.expr);
    case 'aggregate':
      return selectorsIn(expr.expr);
    case 'call':
      return expr.args.flatMap(selectorsIn);
    case 'binary':
      return [...selectorsIn(expr.lhs), ...selectorsIn(expr.rhs)];
    default:
      return [];
  }
}

async function formatQuery({ params }: ApiRequest): Promise<string> {
  return successJson(JSON.stringify(formatExpr(parseExpr(requiredQuery(params)))));
}
