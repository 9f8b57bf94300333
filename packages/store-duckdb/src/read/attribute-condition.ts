import type { AttributeFilter } from '@braid/store';
import type { DuckDBValue } from '@duckdb/node-api';
import { dedicatedColumnName, type DedicatedColumn } from '../dedicated/dedicated-columns.js';

/**
 * SQL macros over an attributes column (JSON text from codec/any-value-json): the values of a key
 * in either form (object, or [key, value] pairs when keys repeat), and typed equality on them —
 * strings with strings, numbers with ints (plain or {"i"}) and doubles ({"d"}), bools with bools.
 * The key is looked up with a JSON pointer, which takes any key text (dots, quotes, slashes).
 */
export const ATTRIBUTE_MACROS: readonly string[] = [
  `CREATE OR REPLACE MACRO braid_attr_values(attrs, k) AS
     CASE WHEN left(attrs, 1) = '[' THEN [p -> '$[1]' FOR p IN CAST(json_extract(attrs, '$[*]') AS JSON[]) IF (p ->> '$[0]') = k]
          ELSE [json_extract(attrs, '/' || replace(replace(k, '~', '~0'), '/', '~1'))] END`,
  `CREATE OR REPLACE MACRO braid_attr_is_text(attrs, k, x) AS
     list_bool_or([json_type(v) = 'VARCHAR' AND (v ->> '$') = x FOR v IN braid_attr_values(attrs, k)])`,
  `CREATE OR REPLACE MACRO braid_attr_is_bool(attrs, k, x) AS
     list_bool_or([json_type(v) = 'BOOLEAN' AND (v ->> '$') = x FOR v IN braid_attr_values(attrs, k)])`,
  `CREATE OR REPLACE MACRO braid_attr_is_number(attrs, k, x) AS
     list_bool_or([(CASE json_type(v)
                      WHEN 'BIGINT' THEN TRY_CAST(v ->> '$' AS DOUBLE)
                      WHEN 'UBIGINT' THEN TRY_CAST(v ->> '$' AS DOUBLE)
                      WHEN 'OBJECT' THEN TRY_CAST(coalesce(v ->> '$.d', v ->> '$.i') AS DOUBLE)
                    END) = x FOR v IN braid_attr_values(attrs, k)])`,
];

/**
 * A SQL condition that holds when `column` has `key` with a value equal to the filter's. With a
 * dedicated column the typed column is checked too: rows written before the key got its column
 * keep it in the JSON remainder.
 */
export function attributeCondition(column: string, filter: AttributeFilter, dedicated?: DedicatedColumn): { sql: string; params: DuckDBValue[] } {
  const inJson = jsonCondition(column, filter);
  if (!dedicated || !comparable(dedicated, filter.value)) return inJson;
  const onColumn = typeof filter.value === 'number' ? `${dedicatedColumnName(dedicated)} = CAST(? AS DOUBLE)` : `${dedicatedColumnName(dedicated)} = ?`;
  return { sql: `(${onColumn} OR ${inJson.sql})`, params: [parameter(filter.value), ...inJson.params] };
}

function comparable(column: DedicatedColumn, value: AttributeFilter['value']): boolean {
  if (typeof value === 'string') return column.kind === 'string';
  if (typeof value === 'boolean') return column.kind === 'bool';
  return column.kind === 'int' || column.kind === 'double';
}

function jsonCondition(column: string, filter: AttributeFilter): { sql: string; params: DuckDBValue[] } {
  switch (typeof filter.value) {
    case 'string':
      return { sql: `braid_attr_is_text(${column}, ?, ?)`, params: [filter.key, filter.value] };
    case 'boolean':
      return { sql: `braid_attr_is_bool(${column}, ?, ?)`, params: [filter.key, String(filter.value)] };
    default:
      return { sql: `braid_attr_is_number(${column}, ?, CAST(? AS DOUBLE))`, params: [filter.key, parameter(filter.value)] };
  }
}

/** Numbers travel as text: the driver would bind an integral double beyond int64 as BIGINT and fail. */
function parameter(value: AttributeFilter['value']): DuckDBValue {
  return typeof value === 'number' ? String(value) : value;
}
