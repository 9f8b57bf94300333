/**
 * A float as Go's strconv.FormatFloat(f, 'f', -1, 64) writes it (count_values labels): the
 * shortest digits that round-trip, never in exponent form; ±Inf and NaN as Go spells them.
 */
export function formatGoFloat(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  const text = String(value);
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!match) return text;
  const [, sign, head, tail = '', exponentText] = match;
  const digits = head! + tail;
  const exponent = Number(exponentText);
  if (exponent >= 0) return sign + (exponent >= tail.length ? digits + '0'.repeat(exponent - tail.length) : `${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`);
  return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
}
