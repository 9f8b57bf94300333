/*
 * Telemetry repeats the same short strings in every request: attribute keys, methods, routes,
 * service names. A direct-mapped cache of short ASCII strings, keyed by a hash of their bytes,
 * returns the same (already flat and hashed) string instead of building a new one each time;
 * measured about 2x faster than building strings per field, and cheaper downstream where the
 * strings become Map keys. Bounded: CACHE_SLOTS strings of at most MAX_CACHED_LENGTH characters.
 */

/** Strings longer than this (in bytes) are not cached. */
export const MAX_CACHED_LENGTH = 32;
const CACHE_SLOTS = 4096;

const cache: (string | undefined)[] = new Array<string | undefined>(CACHE_SLOTS).fill(undefined);
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * The string for `buf[start, end)` (1 to MAX_CACHED_LENGTH bytes) when it is ASCII, from the cache
 * when it is there; undefined for non-ASCII, which the caller decodes as UTF-8.
 */
export function shortAsciiString(buf: Uint8Array, start: number, end: number): string | undefined {
  const length = end - start;
  // Length and a few sampled bytes: the hit path then reads each byte once, in sameAscii.
  let hash = Math.imul(length, 0x9e3779b1) ^ buf[start]! ^ (buf[end - 1]! << 8) ^ (buf[start + (length >> 1)]! << 16) ^ (buf[start + (length >> 2)]! << 24);
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  const slot = (hash ^ (hash >>> 13)) & (CACHE_SLOTS - 1);
  const cached = cache[slot];
  if (cached !== undefined && sameAscii(cached, buf, start, end)) return cached;
  for (let i = start; i < end; i++) if (buf[i]! >= 0x80) return undefined;
  const decoded = utf8.decode(buf.subarray(start, end));
  cache[slot] = decoded;
  return decoded;
}

function sameAscii(s: string, buf: Uint8Array, start: number, end: number): boolean {
  if (s.length !== end - start) return false;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) !== buf[start + i]) return false;
  return true;
}
