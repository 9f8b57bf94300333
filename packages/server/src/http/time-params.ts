import { badInput, unixNano, type UnixNano } from '@braid/model';

/** A query parameter in unix seconds (Tempo's `start`/`end`), as nanoseconds; undefined when absent or 0. */
export function parseUnixSecondsParam(name: string, raw: string | undefined): UnixNano | undefined {
  if (raw === undefined || raw === '') return undefined;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds < 0) throw badInput(`invalid ${name} "${raw}": expected unix seconds`);
  if (seconds === 0) return undefined;
  return unixNano(BigInt(Math.round(seconds * 1000)) * 1_000_000n);
}
