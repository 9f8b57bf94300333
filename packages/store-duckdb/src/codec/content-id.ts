import { createHash } from 'node:crypto';

/**
 * A 64-bit id derived from content, so equal resources, scopes, streams and series share one row
 * without a lookup (a collision needs ~2^32 distinct items per table to become likely).
 */
export function contentId(...parts: readonly string[]): bigint {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\u0000');
  return hash.digest().readBigUInt64BE(0);
}
