import protobuf from 'protobufjs';

/**
 * The remote-write messages of Prometheus' prompb/types.proto and prompb/remote.proto (gogoproto
 * options dropped, native histograms reduced to a placeholder), read by protobufjs: an encoder
 * and decoder written independently of braid's.
 */
export const PROMPB_PROTO = `
syntax = "proto3";
package prometheus;

message WriteRequest {
  repeated prometheus.TimeSeries timeseries = 1;
  reserved 2;
  repeated prometheus.MetricMetadata metadata = 3;
}

message MetricMetadata {
  enum MetricType {
    UNKNOWN = 0;
    COUNTER = 1;
    GAUGE = 2;
    HISTOGRAM = 3;
    GAUGEHISTOGRAM = 4;
    SUMMARY = 5;
    INFO = 6;
    STATESET = 7;
  }
  MetricType type = 1;
  string metric_family_name = 2;
  string help = 4;
  string unit = 5;
}

message Sample {
  double value = 1;
  int64 timestamp = 2;
}

message Exemplar {
  repeated Label labels = 1;
  double value = 2;
  int64 timestamp = 3;
}

message Histogram {
  double sum = 3;
  int64 timestamp = 15;
}

message TimeSeries {
  repeated Label labels = 1;
  repeated Sample samples = 2;
  repeated Exemplar exemplars = 3;
  repeated Histogram histograms = 4;
}

message Label {
  string name = 1;
  string value = 2;
}
`;

const root = protobuf.parse(PROMPB_PROTO, { keepCase: true }).root;
export const WriteRequestType = root.lookupType('prometheus.WriteRequest');

/** A WriteRequest in protobufjs' object form (snake_case fields, numbers for int64). */
export interface PbWriteRequest {
  timeseries?: {
    labels?: { name: string; value: string }[];
    samples?: { value?: number; timestamp?: number }[];
    exemplars?: { labels?: { name: string; value: string }[]; value?: number; timestamp?: number }[];
    histograms?: { sum?: number; timestamp?: number }[];
  }[];
  metadata?: { type?: number; metric_family_name?: string; help?: string; unit?: string }[];
}

/** Encodes with protobufjs. */
export function pbEncode(request: PbWriteRequest): Uint8Array {
  return WriteRequestType.encode(WriteRequestType.fromObject(request)).finish();
}

/** Decodes with protobufjs into the object form, int64 as numbers. */
export function pbDecode(bytes: Uint8Array): PbWriteRequest {
  return WriteRequestType.toObject(WriteRequestType.decode(bytes), { longs: Number, arrays: true, defaults: false }) as PbWriteRequest;
}
