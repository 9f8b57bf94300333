import type { LogsData } from '@braid/model';
import { decodeSafely } from './decode-failure.js';
import type { DecodeResult } from './decode-result.js';
import { parseJsonObject } from './json/json-reader.js';
import { jsonStyle, type JsonEncodeOptions } from './json/json-writer.js';
import { logsJson, readLogsJson } from './json/logs.js';
import { readLogsData, writeLogsData } from './protobuf/logs.js';

/** Decodes an OTLP ExportLogsServiceRequest (or LogsData) in protobuf. */
export function decodeLogsProtobuf(bytes: Uint8Array): DecodeResult<LogsData> {
  return decodeSafely(readLogsData, bytes);
}

/** Decodes an OTLP ExportLogsServiceRequest in OTLP/JSON. */
export function decodeLogsJson(text: string): DecodeResult<LogsData> {
  return decodeSafely(readLogsText, text);
}

function readLogsText(text: string): LogsData {
  return readLogsJson(parseJsonObject(text));
}

/** Encodes logs as an ExportLogsServiceRequest (also LogsData) in protobuf. */
export function encodeLogsProtobuf(data: LogsData): Uint8Array {
  return writeLogsData(data);
}

/** Encodes logs as a JSON-serialisable object, by default in the OTLP/JSON mapping. */
export function encodeLogsJson(data: LogsData, options?: JsonEncodeOptions): unknown {
  return logsJson(data, jsonStyle(options));
}
