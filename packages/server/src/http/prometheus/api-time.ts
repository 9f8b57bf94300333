import { badData } from './api-error.js';

/** Defaults for open ranges: the extremes a JS Date holds (Prometheus uses the int64 extremes). */
export const MIN_TIME_MS = -8.64e15;
export const MAX_TIME_MS = 8.64e15;

const DURATION_UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 31_536_000_000 };

/** A time parameter: unix seconds (with fractions) or RFC 3339, in milliseconds. */
export function parseTimeParam(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const seconds = Number(raw);
  if (raw.trim() !== '' && Number.isFinite(seconds)) return Math.round(seconds * 1000);
  if (/^\d{4}-\d{2}-\d{2}T/.test(raw)) {
    const ms = Date.parse(raw);
    if (Number.isFinite(ms)) return ms;
  }
  throw badData(`invalid parameter "${name}": cannot parse "${raw}" to a valid timestamp`);
}

/** A duration parameter: seconds (with fractions) or a Prometheus duration such as 1m30s, in milliseconds. */
export function parseDurationParam(name: string, raw: string): number {
  const seconds = Number(raw);
  if (raw.trim() !== '' && Number.isFinite(seconds)) return Math.round(seconds * 1000);
  const parts = [...raw.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)];
  if (parts.length > 0 && parts.map((p) => p[0]).join('') === raw) return parts.reduce((ms, p) => ms + Number(p[1]) * DURATION_UNITS[p[2]!]!, 0);
  throw badData(`invalid parameter "${name}": cannot parse "${raw}" to a valid duration`);
}
