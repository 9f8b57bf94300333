import { decodeSafely } from './decode-failure.js';
import type { DecodeResult } from './decode-result.js';
import { readStatusJson, statusJson } from './json/export-response.js';
import { parseJsonObject } from './json/json-reader.js';
import { readStatus, writeStatus } from './protobuf/export-response.js';

/** A `google.protobuf.Any` inside a status: a type URL and the packed message bytes. */
export interface StatusDetail {
  readonly typeUrl: string;
  readonly value: Uint8Array;
}

/** `google.rpc.Status`, the body of OTLP/HTTP error responses (and gRPC's rich error details). */
export interface RpcStatus {
  /** A gRPC status code (google.rpc.Code). */
  readonly code: number;
  readonly message: string;
  readonly details?: readonly StatusDetail[];
}

/** Encodes a google.rpc.Status in protobuf. */
export function encodeStatusProtobuf(status: RpcStatus): Uint8Array {
  return writeStatus(status);
}

/** Encodes a google.rpc.Status as a JSON-serialisable object. */
export function encodeStatusJson(status: RpcStatus): unknown {
  return statusJson(status);
}

/** Decodes a google.rpc.Status in protobuf. */
export function decodeStatusProtobuf(bytes: Uint8Array): DecodeResult<RpcStatus> {
  return decodeSafely(readStatus, bytes);
}

/** Decodes a google.rpc.Status in JSON. */
export function decodeStatusJson(text: string): DecodeResult<RpcStatus> {
  return decodeSafely(readStatusText, text);
}

function readStatusText(text: string): RpcStatus {
  return readStatusJson(parseJsonObject(text));
}
