import {
  decodeLogsJson,
  decodeLogsProtobuf,
  decodeMetricsJson,
  decodeMetricsProtobuf,
  decodeTracesJson,
  decodeTracesProtobuf,
  type DecodeResult,
} from '@braid/otlp';
import type { Ingest, IngestResult } from '@braid/ingest';
import type { LogsData, MetricsData, TenantId, TracesData } from '@braid/model';

export type OtlpSignalName = 'traces' | 'logs' | 'metrics';

/** What differs between the three OTLP signals; receivers are written once over this. */
export interface OtlpSignal<T> {
  readonly name: OtlpSignalName;
  readonly httpPath: string;
  readonly grpcService: string;
  decodeProtobuf(bytes: Uint8Array): DecodeResult<T>;
  decodeJson(text: string): DecodeResult<T>;
  ingest(ingest: Ingest, tenant: TenantId, data: T): Promise<IngestResult>;
}

export const TRACES: OtlpSignal<TracesData> = {
  name: 'traces',
  httpPath: '/v1/traces',
  grpcService: 'opentelemetry.proto.collector.trace.v1.TraceService',
  decodeProtobuf: decodeTracesProtobuf,
  decodeJson: decodeTracesJson,
  ingest: (ingest, tenant, data) => ingest.traces(tenant, data),
};

export const LOGS: OtlpSignal<LogsData> = {
  name: 'logs',
  httpPath: '/v1/logs',
  grpcService: 'opentelemetry.proto.collector.logs.v1.LogsService',
  decodeProtobuf: decodeLogsProtobuf,
  decodeJson: decodeLogsJson,
  ingest: (ingest, tenant, data) => ingest.logs(tenant, data),
};

export const METRICS: OtlpSignal<MetricsData> = {
  name: 'metrics',
  httpPath: '/v1/metrics',
  grpcService: 'opentelemetry.proto.collector.metrics.v1.MetricsService',
  decodeProtobuf: decodeMetricsProtobuf,
  decodeJson: decodeMetricsJson,
  ingest: (ingest, tenant, data) => ingest.metrics(tenant, data),
};
