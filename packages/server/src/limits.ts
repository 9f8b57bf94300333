/** Request size bounds enforced by every receiver. */
export interface RequestLimits {
  /** Bytes of a request body as received (compressed or not). */
  readonly maxRequestBytes: number;
  /** Bytes of a body after decompression; guards against gzip bombs. */
  readonly maxDecompressedBytes: number;
}

export const DEFAULT_REQUEST_LIMITS: RequestLimits = {
  maxRequestBytes: 16 * 1024 * 1024,
  maxDecompressedBytes: 64 * 1024 * 1024,
};
