export type { DecodeResult, DecodeError } from './decode-result.js';
export type { JsonEncodeOptions } from './json/json-writer.js';
export { decodeTracesProtobuf, decodeTracesJson, encodeTracesProtobuf, encodeTracesJson, encodeTraceByIdResponseProtobuf } from './traces.js';
export { decodeLogsProtobuf, decodeLogsJson, encodeLogsProtobuf, encodeLogsJson } from './logs.js';
export { decodeMetricsProtobuf, decodeMetricsJson, encodeMetricsProtobuf, encodeMetricsJson } from './metrics.js';
export type { SignalName, PartialSuccess } from './export-response.js';
export { encodeExportResponseProtobuf, encodeExportResponseJson, decodeExportResponseProtobuf, decodeExportResponseJson } from './export-response.js';
export type { RpcStatus, StatusDetail } from './rpc-status.js';
export { encodeStatusProtobuf, encodeStatusJson, decodeStatusProtobuf, decodeStatusJson } from './rpc-status.js';
// Protobuf wire primitives, shared with braid's other protobuf codecs (@braid/remote-write).
export { WireReader, WIRE_VARINT, WIRE_I64, WIRE_LEN, WIRE_I32 } from './protobuf/wire-reader.js';
export { WireWriter } from './protobuf/wire-writer.js';
export type { MessageSchema, WireKind } from './protobuf/wire-schema.js';
export { messageSchema, skipField } from './protobuf/wire-schema.js';
export { DecodeFailure, within, decodeSafely } from './decode-failure.js';
