/** Nanoseconds since the Unix epoch, as OTLP carries them. */
export type UnixNano = bigint & { readonly __brand: 'UnixNano' };

/** Brands a bigint as unix nanoseconds. */
export function unixNano(ns: bigint): UnixNano {
  return ns as UnixNano;
}

/** Unix nanoseconds from unix milliseconds. */
export function unixNanoFromMillis(ms: number): UnixNano {
  return (BigInt(Math.trunc(ms)) * 1_000_000n) as UnixNano;
}

/** Unix milliseconds (float, sub-ms precision lost) from unix nanoseconds. */
export function millisFromUnixNano(ns: bigint): number {
  return Number(ns / 1_000_000n);
}

export const NO_TIME = 0n as UnixNano;
