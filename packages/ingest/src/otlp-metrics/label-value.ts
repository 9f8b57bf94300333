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
