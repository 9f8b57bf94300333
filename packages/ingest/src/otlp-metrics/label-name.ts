const VALID_LABEL_NAME = /^[a-zA-Z][a-zA-Z0-9_]*$/;
const INVALID_LABEL_CHARS = /[^a-zA-Z0-9]/gu;
const ONLY_UNDERSCORES = /^_+$/;

/**
 * The Prometheus label name of an OTLP attribute key, as Prometheus' otlptranslator builds it:
 * every character (code point) outside `[a-zA-Z0-9]` becomes `_`, runs are kept; a leading digit
 * gets `key_`, a single leading `_` gets `key` (`__` names are Prometheus' own and kept).
 * Undefined when nothing usable is left (empty key, only underscores).
 */
export function labelName(key: string): string | undefined {
  if (VALID_LABEL_NAME.test(key)) return key;
  if (key === '') return undefined;
  const sanitized = key.replace(INVALID_LABEL_CHARS, '_');
  if (ONLY_UNDERSCORES.test(sanitized)) return undefined;
  const first = sanitized.charCodeAt(0);
  if (first >= 48 && first <= 57) return `key_${sanitized}`;
  if (first === 95 && sanitized.charCodeAt(1) !== 95) return `key${sanitized}`;
  return sanitized;
}

/** Formats a float the way Prometheus writes `le` and `quantile` values (Go's FormatFloat 'f', -1). */
export function formatLabelFloat(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  if (Object.is(value, -0)) return '-0';
  const text = String(value);
  const e = text.indexOf('e');
  if (e < 0) return text;
  // JavaScript switches to exponent notation beyond 1e21 and below 1e-6; Go's 'f' never does.
  const negative = text.charCodeAt(0) === 45;
  const mantissa = text.slice(negative ? 1 : 0, e);
  const exponent = Number(text.slice(e + 1));
  const dot = mantissa.indexOf('.');
  const whole = dot < 0 ? mantissa : mantissa.slice(0, dot);
  const digits = dot < 0 ? mantissa : whole + mantissa.slice(dot + 1);
  const point = whole.length + exponent;
  let plain: string;
  if (point <= 0) plain = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) plain = digits + '0'.repeat(point - digits.length);
  else plain = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return negative ? `-${plain}` : plain;
}
