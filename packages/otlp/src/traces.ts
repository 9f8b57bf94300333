import type { TracesData } from '@braid/model';
import { decodeSafely } from './decode-failure.js';
import type { DecodeResult } from './decode-result.js';
import { parseJsonObject } from './json/json-reader.js';
import { jsonStyle, type JsonEncodeOptions } from './json/json-writer.js';
import { readTracesJson, tracesJson } from './json/traces.js';
import { readTracesData, writeTraceByIdResponse, writeTracesData } from './protobuf/traces.js';

/** Decodes an OTLP ExportTraceServiceRequest (or TracesData) in protobuf. */
export function decodeTracesProtobuf(bytes: Uint8Array): DecodeResult<TracesData> {
  return decodeSafely(readTracesData, bytes);
}

/** Decodes an OTLP ExportTraceServiceRequest in OTLP/JSON. */
export function decodeTracesJson(text: string): DecodeResult<TracesData> {
  return decodeSafely(readTracesText, text);
}

function readTracesText(text: string): TracesData {
  return readTracesJson(parseJsonObject(text));
}

/** Encodes traces as an ExportTraceServiceRequest (also TracesData and Tempo's `Trace`) in protobuf. */
export function encodeTracesProtobuf(data: TracesData): Uint8Array {
  return writeTracesData(data);
}

/** Encodes traces as a JSON-serialisable object, by default in the OTLP/JSON mapping. */
export function encodeTracesJson(data: TracesData, options?: JsonEncodeOptions): unknown {
  return tracesJson(data, jsonStyle(options));
}

/** Encodes Tempo's `TraceByIDResponse` (the trace in field 1) in protobuf. */
export function encodeTraceByIdResponseProtobuf(data: TracesData): Uint8Array {
  return writeTraceByIdResponse(data);
}
