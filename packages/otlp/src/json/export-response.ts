import type { PartialSuccess, SignalName } from '../export-response.js';
import type { RpcStatus, StatusDetail } from '../rpc-status.js';
import { decodeList, decodeMessage } from './common.js';
import { asBase64, asInt32, asInt64, asString, type JsonObject } from './json-reader.js';
import { bytesJson, int64Json, put, type JsonOut } from './json-writer.js';

// Export*ServiceResponse and google.rpc.Status in the protobuf JSON mapping.

/** The JSON key of the rejected count in each signal's Export*PartialSuccess. */
const REJECTED_JSON_KEY: Readonly<Record<SignalName, string>> = {
  traces: 'rejectedSpans',
  logs: 'rejectedLogRecords',
  metrics: 'rejectedDataPoints',
};

/** Encodes an Export*ServiceResponse; no partial success is `{}` (full success). */
export function exportResponseJson(signal: SignalName, partial: PartialSuccess | undefined): JsonOut {
  if (partial === undefined) return {};
  const out: JsonOut = {};
  if (partial.rejected !== 0) out[REJECTED_JSON_KEY[signal]] = int64Json(BigInt(partial.rejected));
  put(out, 'errorMessage', partial.errorMessage);
  return { partialSuccess: out };
}

/** Decodes a parsed Export*ServiceResponse (throws DecodeFailure). */
export function readExportResponseJson(signal: SignalName, obj: JsonObject): PartialSuccess | undefined {
  const raw = obj.partialSuccess ?? obj.partial_success;
  if (raw === undefined || raw === null) return undefined;
  return decodeMessage(raw, 'partialSuccess', (partial) => readPartial(signal, partial));
}

function readPartial(signal: SignalName, obj: JsonObject): PartialSuccess {
  const rejectedKey = REJECTED_JSON_KEY[signal];
  const snakeKey = rejectedKey.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  let rejected = 0;
  let errorMessage = '';
  for (const key in obj) {
    const raw = obj[key];
    if (raw === null || raw === undefined) continue;
    if (key === rejectedKey || key === snakeKey) rejected = Number(asInt64(raw, key));
    else if (key === 'errorMessage' || key === 'error_message') errorMessage = asString(raw, key);
  }
  return { rejected, errorMessage };
}

/** Encodes a google.rpc.Status; details are opaque, written as `{ "@type", "value" }` with base64 bytes. */
export function statusJson(status: RpcStatus): JsonOut {
  const out: JsonOut = { code: status.code, message: status.message };
  if (status.details !== undefined && status.details.length > 0) {
    out.details = status.details.map((d) => ({ '@type': d.typeUrl, value: bytesJson(d.value) }));
  }
  return out;
}

/** Decodes a parsed google.rpc.Status (throws DecodeFailure). */
export function readStatusJson(obj: JsonObject): RpcStatus {
  let code = 0;
  let message = '';
  let details: StatusDetail[] = [];
  for (const key in obj) {
    const raw = obj[key];
    if (raw === null || raw === undefined) continue;
    if (key === 'code') code = asInt32(raw, key);
    else if (key === 'message') message = asString(raw, key);
    else if (key === 'details') details = decodeList(raw, key, readDetail);
  }
  return details.length > 0 ? { code, message, details } : { code, message };
}

function readDetail(obj: JsonObject): StatusDetail {
  const typeUrl = obj['@type'] === undefined ? '' : asString(obj['@type'], '@type');
  const value = obj.value === undefined || obj.value === null ? new Uint8Array(0) : asBase64(obj.value, 'value');
  return { typeUrl, value };
}
