import { decodeSafely } from './decode-failure.js';
import type { DecodeResult } from './decode-result.js';
import { exportResponseJson, readExportResponseJson } from './json/export-response.js';
import { parseJsonObject } from './json/json-reader.js';
import { readExportResponse, writeExportResponse } from './protobuf/export-response.js';

/** The three OTLP signals, each with its own Export service. */
export type SignalName = 'traces' | 'logs' | 'metrics';

/**
 * `partial_success` of an Export response: how many items the server rejected and why.
 * The count is `rejected_spans`, `rejected_log_records` or `rejected_data_points` by signal.
 */
export interface PartialSuccess {
  readonly rejected: number;
  readonly errorMessage: string;
}

/**
 * Encodes an Export{Trace,Logs,Metrics}ServiceResponse in protobuf; without `partial` it is empty (full success).
 * The signal is taken for symmetry with JSON: the three responses share field numbers, only JSON names differ.
 */
export function encodeExportResponseProtobuf(_signal: SignalName, partial?: PartialSuccess): Uint8Array {
  return writeExportResponse(partial);
}

/** Encodes an Export{Trace,Logs,Metrics}ServiceResponse as a JSON-serialisable object. */
export function encodeExportResponseJson(signal: SignalName, partial?: PartialSuccess): unknown {
  return exportResponseJson(signal, partial);
}

/** Decodes an Export*ServiceResponse in protobuf; undefined means full success. */
export function decodeExportResponseProtobuf(bytes: Uint8Array): DecodeResult<PartialSuccess | undefined> {
  return decodeSafely(readExportResponse, bytes);
}

/** Decodes an Export*ServiceResponse in JSON; undefined means full success. */
export function decodeExportResponseJson(signal: SignalName, text: string): DecodeResult<PartialSuccess | undefined> {
  return decodeSafely((t: string) => readExportResponseJson(signal, parseJsonObject(t)), text);
}
