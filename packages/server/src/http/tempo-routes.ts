import type { FastifyInstance } from 'fastify';
import { badInput, notFound, traceIdFromHex, type TraceId } from '@braid/model';
import { encodeTracesJson, encodeTracesProtobuf, encodeTraceByIdResponseProtobuf } from '@braid/otlp';
import type { NanoRange } from '@braid/store';
import type { ServerContext } from '../server-context.js';
import { parseUnixSecondsParam } from './time-params.js';
import { tenantFromHeader } from '../tenant.js';

/**
 * Tempo's trace-by-id API. Responses follow Tempo byte for byte: v1 is `tempopb.Trace`
 * (`{"batches": [...]}` in JSON), v2 is `tempopb.TraceByIDResponse` (`{"trace": {"resourceSpans": [...]}}`).
 * Tempo's JSON is the standard protobuf JSON mapping, so ids are base64 and enums are names there.
 */
export function registerTempoRoutes(app: FastifyInstance, context: ServerContext): void {
  app.get<{ Params: { traceId: string }; Querystring: Record<string, string> }>('/api/traces/:traceId', async (request, reply) => {
    const trace = await findTrace(context, request.headers['x-scope-orgid'], request.params.traceId, request.query);
    if (wantsProtobuf(request.headers.accept)) return reply.type('application/protobuf').send(Buffer.from(encodeTracesProtobuf({ resourceSpans: trace })));
    const otlp = encodeTracesJson({ resourceSpans: trace }, TEMPO_JSON) as { resourceSpans?: unknown[] };
    return reply.type('application/json').send(JSON.stringify({ batches: otlp.resourceSpans ?? [] }));
  });

  app.get<{ Params: { traceId: string }; Querystring: Record<string, string> }>('/api/v2/traces/:traceId', async (request, reply) => {
    const trace = await findTrace(context, request.headers['x-scope-orgid'], request.params.traceId, request.query);
    if (wantsProtobuf(request.headers.accept)) {
      return reply.type('application/protobuf').send(Buffer.from(encodeTraceByIdResponseProtobuf({ resourceSpans: trace })));
    }
    return reply.type('application/json').send(JSON.stringify({ trace: encodeTracesJson({ resourceSpans: trace }, TEMPO_JSON) }));
  });
}

const TEMPO_JSON = { ids: 'base64', enums: 'name' } as const;

async function findTrace(context: ServerContext, orgHeader: string | string[] | undefined, rawId: string, query: Record<string, string>) {
  const tenant = tenantFromHeader(orgHeader);
  const traceId = parseTraceId(rawId);
  const trace = await context.store.getTrace(tenant, traceId, timeRange(query));
  if (trace.length === 0) throw notFound(`trace not found: ${rawId}`);
  return trace;
}

function parseTraceId(raw: string): TraceId {
  const id = traceIdFromHex(raw.trim());
  if (!id) throw badInput(`invalid trace id "${raw}": expected up to 32 hex characters`);
  return id;
}

function timeRange(query: Record<string, string>): NanoRange {
  const start = parseUnixSecondsParam('start', query.start);
  const end = parseUnixSecondsParam('end', query.end);
  return { ...(start !== undefined && { startNs: start }), ...(end !== undefined && { endNs: end }) };
}

function wantsProtobuf(accept: string | undefined): boolean {
  return accept !== undefined && /application\/(x-)?protobuf/i.test(accept);
}
