import { encodeStatusProtobuf } from '@braid/otlp';

const RETRY_INFO_TYPE = 'type.googleapis.com/google.rpc.RetryInfo';

/**
 * A google.rpc.Status carrying google.rpc.RetryInfo, which OTLP/gRPC clients read to back off
 * (the gRPC counterpart of HTTP Retry-After). RetryInfo{retry_delay: Duration{seconds}} is three
 * fields deep and one varint wide for the delays braid uses, so it is written out here directly.
 */
export function encodeRetryInfoStatus(code: number, message: string, retryAfterSeconds: number): Uint8Array {
  const seconds = Math.max(0, Math.min(127, Math.round(retryAfterSeconds)));
  const duration = [0x08, seconds]; // Duration.seconds = 1 (varint)
  const retryInfo = Uint8Array.from([0x0a, duration.length, ...duration]); // RetryInfo.retry_delay = 1
  return encodeStatusProtobuf({ code, message, details: [{ typeUrl: RETRY_INFO_TYPE, value: retryInfo }] });
}
