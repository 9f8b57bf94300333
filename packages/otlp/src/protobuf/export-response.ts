import type { PartialSuccess } from '../export-response.js';
import type { RpcStatus, StatusDetail } from '../rpc-status.js';
import { WireReader } from './wire-reader.js';
import { messageSchema, skipField } from './wire-schema.js';
import { WireWriter } from './wire-writer.js';

// Export*ServiceResponse { Export*PartialSuccess partial_success = 1 } with
// { int64 rejected_<items> = 1; string error_message = 2 }, the same layout for every signal;
// and google.rpc.Status { int32 code = 1; string message = 2; repeated google.protobuf.Any details = 3 }.

const RESPONSE = messageSchema('ExportServiceResponse', { partial_success: [1, 'len'] });
const PARTIAL = messageSchema('partial_success', { rejected: [1, 'varint'], error_message: [2, 'len'] });
const STATUS = messageSchema('Status', { code: [1, 'varint'], message: [2, 'len'], details: [3, 'len'] });
const ANY = messageSchema('Any', { type_url: [1, 'len'], value: [2, 'len'] });

/** Encodes an Export*ServiceResponse; no partial success means an empty message (full success). */
export function writeExportResponse(partial: PartialSuccess | undefined): Uint8Array {
  const w = new WireWriter();
  if (partial !== undefined) {
    const start = w.begin(1);
    w.int64Field(1, BigInt(partial.rejected));
    w.stringField(2, partial.errorMessage);
    w.end(start);
  }
  return w.finish();
}

/** Decodes an Export*ServiceResponse (throws DecodeFailure). */
export function readExportResponse(bytes: Uint8Array): PartialSuccess | undefined {
  const r = new WireReader(bytes);
  let partial: PartialSuccess | undefined;
  while (r.pos < r.length) {
    const tag = r.uint32();
    if (tag !== 0x0a) {
      skipField(r, tag, RESPONSE);
      continue;
    }
    const end = r.delimitedEnd();
    let rejected = 0n;
    let errorMessage = '';
    while (r.pos < end) {
      const field = r.uint32();
      if (field === 0x08) rejected = r.int64();
      else if (field === 0x12) errorMessage = r.string();
      else skipField(r, field, PARTIAL);
    }
    r.finish(end);
    partial = { rejected: Number(rejected), errorMessage };
  }
  return partial;
}

/** Encodes a google.rpc.Status. */
export function writeStatus(status: RpcStatus): Uint8Array {
  const w = new WireWriter();
  w.int32Field(1, status.code);
  w.stringField(2, status.message);
  for (const detail of status.details ?? []) {
    const start = w.begin(3);
    w.stringField(1, detail.typeUrl);
    w.bytesField(2, detail.value);
    w.end(start);
  }
  return w.finish();
}

/** Decodes a google.rpc.Status (throws DecodeFailure). */
export function readStatus(bytes: Uint8Array): RpcStatus {
  const r = new WireReader(bytes);
  let code = 0;
  let message = '';
  const details: StatusDetail[] = [];
  while (r.pos < r.length) {
    const tag = r.uint32();
    if (tag === 0x08) code = r.int32();
    else if (tag === 0x12) message = r.string();
    else if (tag === 0x1a) details.push(readDetail(r, r.delimitedEnd()));
    else skipField(r, tag, STATUS);
  }
  return details.length > 0 ? { code, message, details } : { code, message };
}

function readDetail(r: WireReader, end: number): StatusDetail {
  let typeUrl = '';
  let value: Uint8Array = new Uint8Array(0);
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === 0x0a) typeUrl = r.string();
    else if (tag === 0x12) value = r.bytes();
    else skipField(r, tag, ANY);
  }
  r.finish(end);
  return { typeUrl, value };
}
