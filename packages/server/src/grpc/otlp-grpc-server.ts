import { Metadata, Server, ServerCredentials, status, type ServerUnaryCall, type sendUnaryData, type ServiceDefinition } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { badInput } from '@braid/model';
import { encodeExportResponseProtobuf } from '@braid/otlp';
import { clientMessageOf, grpcStatusOf, retryAfterOf } from '../error-status.js';
import { LOGS, METRICS, TRACES, type OtlpSignal } from '../otlp-signals.js';
import type { ServerContext } from '../server-context.js';
import { tenantFromHeader } from '../tenant.js';
import { encodeRetryInfoStatus } from './retry-info.js';

/** Raw bytes in and out: decoding is ours, so a bad payload becomes INVALID_ARGUMENT with a reason. */
function exportDefinition(service: string): ServiceDefinition {
  return {
    Export: {
      path: `/${service}/Export`,
      requestStream: false,
      responseStream: false,
      requestSerialize: (bytes: Buffer) => bytes,
      requestDeserialize: (bytes: Buffer) => bytes,
      responseSerialize: (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      responseDeserialize: (bytes: Buffer) => bytes,
    },
  };
}

/** Starts the OTLP/gRPC receivers (trace, logs, metrics Export; gzip handled by grpc-js); resolves with the bound port. */
export async function startOtlpGrpcServer(context: ServerContext, logger: Logger, host: string, port: number): Promise<{ server: Server; port: number }> {
  const server = new Server({
    'grpc.max_receive_message_length': context.limits.maxDecompressedBytes,
  });
  addSignal(server, context, logger, TRACES);
  addSignal(server, context, logger, LOGS);
  addSignal(server, context, logger, METRICS);
  const boundPort = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${host}:${port}`, ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound)));
  });
  return { server, port: boundPort };
}

function addSignal<T>(server: Server, context: ServerContext, logger: Logger, signal: OtlpSignal<T>): void {
  server.addService(exportDefinition(signal.grpcService), {
    Export: (call: ServerUnaryCall<Buffer, Uint8Array>, callback: sendUnaryData<Uint8Array>) => {
      exportRequest(context, signal, call).then(
        (response) => callback(null, response),
        (error: unknown) => {
          const code = grpcStatusOf(error);
          if (code === status.INTERNAL) logger.error({ err: error }, 'OTLP gRPC export failed');
          const trailer = new Metadata();
          const retryAfter = retryAfterOf(error);
          if (retryAfter !== undefined) trailer.set('grpc-status-details-bin', Buffer.from(encodeRetryInfoStatus(code, clientMessageOf(error), retryAfter)));
          callback({ code, details: clientMessageOf(error), metadata: trailer });
        },
      );
    },
  });
}

async function exportRequest<T>(context: ServerContext, signal: OtlpSignal<T>, call: ServerUnaryCall<Buffer, Uint8Array>): Promise<Uint8Array> {
  const orgId = call.metadata.get('x-scope-orgid')[0];
  const tenant = tenantFromHeader(typeof orgId === 'string' ? orgId : undefined);
  const decoded = signal.decodeProtobuf(call.request);
  if (!decoded.ok) throw badInput(`invalid OTLP ${signal.name} protobuf payload: ${decoded.error.message}`);
  const result = await signal.ingest(context.ingest, tenant, decoded.value);
  return encodeExportResponseProtobuf(signal.name, result.rejected > 0 ? result : undefined);
}
