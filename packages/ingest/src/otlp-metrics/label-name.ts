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
