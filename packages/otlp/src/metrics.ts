import type { MetricsData } from '@braid/model';
import { decodeSafely } from './decode-failure.js';
import type { DecodeResult } from './decode-result.js';
import { parseJsonObject } from './json/json-reader.js';
import { jsonStyle, type JsonEncodeOptions } from './json/json-writer.js';
import { metricsJson, readMetricsJson } from './json/metrics.js';
import { readMetricsData, writeMetricsData } from './protobuf/metrics.js';

/** Decodes an OTLP ExportMetricsServiceRequest (or MetricsData) in protobuf. */
export function decodeMetricsProtobuf(bytes: Uint8Array): DecodeResult<MetricsData> {
  return decodeSafely(readMetricsData, bytes);
}

/** Decodes an OTLP ExportMetricsServiceRequest in OTLP/JSON. */
export function decodeMetricsJson(text: string): DecodeResult<MetricsData> {
  return decodeSafely(readMetricsText, text);
}

function readMetricsText(text: string): MetricsData {
  return readMetricsJson(parseJsonObject(text));
}

/** Encodes metrics as an ExportMetricsServiceRequest (also MetricsData) in protobuf. */
export function encodeMetricsProtobuf(data: MetricsData): Uint8Array {
  return writeMetricsData(data);
}

/** Encodes metrics as a JSON-serialisable object, by default in the OTLP/JSON mapping. */
export function encodeMetricsJson(data: MetricsData, options?: JsonEncodeOptions): unknown {
  return metricsJson(data, jsonStyle(options));
}
