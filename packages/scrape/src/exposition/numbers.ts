/** Decimal floats as Go's strconv.ParseFloat reads them (hex floats aside). */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A sample or exemplar value: a decimal float, or Inf/Infinity/NaN in any case, optionally signed
 * (Go's ParseFloat, which Prometheus uses). Out-of-range decimals are refused, as ParseFloat does.
 */
export function parseFloatToken(token: string): number | undefined {
  if (DECIMAL.test(token)) {
    const value = Number(token);
    return Number.isFinite(value) ? value : undefined;
  }
  switch (token.toLowerCase()) {
    case 'nan':
      return NaN;
    case 'inf':
    case '+inf':
    case 'infinity':
    case '+infinity':
      return Infinity;
    case '-inf':
    case '-infinity':
      return -Infinity;
    default:
      return undefined;
  }
}

const INTEGER = /^-?\d+$/;

/** A text-format timestamp: integer unix milliseconds. */
export function parseMillisToken(token: string): number | undefined {
  if (!INTEGER.test(token)) return undefined;
  const ms = Number(token) + 0; // + 0 turns "-0" into 0
  return Number.isSafeInteger(ms) ? ms : undefined;
}

const PLAIN_SECONDS = /^(-?)(\d+)(?:\.(\d*))?$/;

/**
 * An OpenMetrics timestamp: float unix seconds, to milliseconds truncated toward zero as Prometheus
 * does. Plain decimals are converted digit by digit, so `1700000000.123` is exactly ...123 ms where
 * `seconds * 1000` in floating point would give ...122.
 */
export function parseSecondsToken(token: string): number | undefined {
  const plain = PLAIN_SECONDS.exec(token);
  if (plain) {
    const ms = Number(plain[2]) * 1000 + Number((plain[3] ?? '').slice(0, 3).padEnd(3, '0'));
    if (!Number.isSafeInteger(ms)) return undefined;
    return plain[1] === '-' && ms !== 0 ? -ms : ms;
  }
  const seconds = parseFloatToken(token);
  if (seconds === undefined || !Number.isFinite(seconds)) return undefined;
  const ms = Math.trunc(seconds * 1000) + 0;
  return Number.isSafeInteger(ms) ? ms : undefined;
}
