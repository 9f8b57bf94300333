import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { badInput, unsupportedFormat } from '@braid/model';
import { encodeExportResponseJson, encodeExportResponseProtobuf, encodeStatusJson, encodeStatusProtobuf } from '@braid/otlp';
import { clientMessageOf, grpcStatusOf, httpStatusOf, retryAfterOf } from '../error-status.js';
import { LOGS, METRICS, TRACES, type OtlpSignal } from '../otlp-signals.js';
import type { ServerContext } from '../server-context.js';
import { decodeContentEncoding, otlpFormatOf, type OtlpFormat } from './request-body.js';
import { tenantFromHeader } from '../tenant.js';

const PROTOBUF_TYPE = 'application/x-protobuf';
const JSON_TYPE = 'application/json';

/** OTLP/HTTP receivers: POST /v1/traces, /v1/logs, /v1/metrics (protobuf or JSON, optionally gzip). */
export function registerOtlpRoutes(app: FastifyInstance, context: ServerContext): void {
  registerSignal(app, context, TRACES);
  registerSignal(app, context, LOGS);
  registerSignal(app, context, METRICS);
}

function registerSignal<T>(app: FastifyInstance, context: ServerContext, signal: OtlpSignal<T>): void {
  app.post(signal.httpPath, async (request, reply) => {
    const format = otlpFormatOf(request.headers['content-type']);
    try {
      if (!format) {
        throw unsupportedFormat(`unsupported Content-Type "${request.headers['content-type'] ?? ''}": use application/x-protobuf or application/json`);
      }
      const tenant = tenantFromHeader(request.headers['x-scope-orgid']);
      const body = await decodeContentEncoding(requestBytes(request), request.headers['content-encoding'], context.limits.maxDecompressedBytes);
      const decoded = format === 'protobuf' ? signal.decodeProtobuf(body) : signal.decodeJson(body.toString('utf8'));
      if (!decoded.ok) throw badInput(`invalid OTLP ${signal.name} ${format} payload: ${decoded.error.message}`);
      const result = await signal.ingest(context.ingest, tenant, decoded.value);
      const partial = result.rejected > 0 ? result : undefined;
      return sendOtlp(reply, format, 200, format === 'protobuf' ? encodeExportResponseProtobuf(signal.name, partial) : encodeExportResponseJson(signal.name, partial));
    } catch (error) {
      return sendOtlpError(request, reply, format ?? 'json', error);
    }
  });
}

function requestBytes(request: FastifyRequest): Buffer {
  return Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
}

function sendOtlp(reply: FastifyReply, format: OtlpFormat, status: number, body: Uint8Array | unknown): FastifyReply {
  if (format === 'protobuf') return reply.code(status).type(PROTOBUF_TYPE).send(Buffer.from(body as Uint8Array));
  return reply.code(status).type(JSON_TYPE).send(JSON.stringify(body));
}

/** Errors as the OTLP/HTTP spec wants them: a google.rpc.Status in the request's format, Retry-After when retryable. */
export function sendOtlpError(request: FastifyRequest, reply: FastifyReply, format: OtlpFormat, error: unknown): FastifyReply {
  const status = httpStatusOf(error);
  const message = clientMessageOf(error);
  if (status >= 500) request.log.error({ err: error }, 'OTLP export failed');
  else request.log.debug({ err: error, status }, 'OTLP export refused');
  const retryAfter = retryAfterOf(error);
  if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter));
  const code = grpcStatusOf(error);
  return sendOtlp(reply, format, status, format === 'protobuf' ? encodeStatusProtobuf({ code, message }) : encodeStatusJson({ code, message }));
}
