const UNITS: Readonly<Record<string, number>> = { y: 365 * 86_400_000, w: 7 * 86_400_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
const ORDER = ['y', 'w', 'd', 'h', 'm', 's', 'ms'];

/** A Prometheus duration (`1m`, `1h30m`, `250ms`, `0`) in milliseconds; units in decreasing order, each once. */
export function parseDuration(text: string): number | undefined {
  if (text === '0') return 0;
  const parts = [...text.matchAll(/(\d+)(ms|y|w|d|h|m|s)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) return undefined;
  let last = -1;
  let ms = 0;
  for (const [, amount, unit] of parts) {
    const rank = ORDER.indexOf(unit!);
    if (rank <= last) return undefined;
    last = rank;
    ms += Number(amount) * UNITS[unit!]!;
  }
  return Number.isSafeInteger(ms) ? ms : undefined;
}

/** Milliseconds written the way Prometheus prints durations (`1m`, `1h30m`, `200ms`, `0s`). */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = ms;
  let out = '';
  for (const unit of ORDER) {
    const size = UNITS[unit]!;
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return out;
}
