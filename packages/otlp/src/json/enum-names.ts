/*
 * OTLP/JSON sends enums as integers; protobuf JSON (and Tempo's responses) use the value names.
 * Readers accept both, writers use names only when asked.
 */

/** Names and values of one enum, both ways. */
export interface EnumNames {
  readonly byName: ReadonlyMap<string, number>;
  readonly byValue: ReadonlyMap<number, string>;
}

function enumNames(names: readonly string[]): EnumNames {
  return { byName: new Map(names.map((name, i) => [name, i])), byValue: new Map(names.map((name, i) => [i, name])) };
}

export const SPAN_KIND = enumNames([
  'SPAN_KIND_UNSPECIFIED',
  'SPAN_KIND_INTERNAL',
  'SPAN_KIND_SERVER',
  'SPAN_KIND_CLIENT',
  'SPAN_KIND_PRODUCER',
  'SPAN_KIND_CONSUMER',
]);

export const STATUS_CODE = enumNames(['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR']);

const SEVERITY_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];
export const SEVERITY_NUMBER = enumNames([
  'SEVERITY_NUMBER_UNSPECIFIED',
  ...SEVERITY_LEVELS.flatMap((level) => ['', '2', '3', '4'].map((n) => `SEVERITY_NUMBER_${level}${n}`)),
]);

export const AGGREGATION_TEMPORALITY = enumNames([
  'AGGREGATION_TEMPORALITY_UNSPECIFIED',
  'AGGREGATION_TEMPORALITY_DELTA',
  'AGGREGATION_TEMPORALITY_CUMULATIVE',
]);
