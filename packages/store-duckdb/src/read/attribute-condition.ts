import type { AttributeFilter } from '@braid/store';
import type { DuckDBValue } from '@duckdb/node-api';
import { dedicatedColumnName, type DedicatedColumn } from '../dedicated/dedicated-columns.js';

/**
 * A SQL condition that holds when an attributes column (JSON text from codec/any-value-json)
 * has `key` with a value equal to the filter's, compared with the stored value's own type:
 * strings with strings, numbers with ints (plain or {"i"}) and doubles ({"d"}), bools with bools.
 */
export function attributeCondition(column: string, filter: AttributeFilter, dedicated?: DedicatedColumn): { sql: string; params: DuckDBValue[] } {
  const inJson = jsonCondition(column, filter);
  if (!dedicated || !comparable(dedicated, filter.value)) return inJson;
  // Rows written before the key got its column keep it in the JSON remainder.
  return { sql: `(${dedicatedColumnName(dedicated)} = ? OR ${inJson.sql})`, params: [filter.value, ...inJson.params] };
}

function comparable(column: DedicatedColumn, value: AttributeFilter['value']): boolean {
  if (typeof value === 'string') return column.kind === 'string';
  if (typeof value === 'boolean') return column.kind === 'bool';
  return column.kind === 'int' || column.kind === 'double';
}

function jsonCondition(column: string, filter: AttributeFilter): { sql: string; params: DuckDBValue[] } {
  const path = `$."${filter.key.replace(/["\\]/g, (c) => `\\${c}`)}"`;
  if (typeof filter.value === 'string') {
    return { sql: `(json_type(${column}, ?) = 'VARCHAR' AND json_extract_string(${column}, ?) = ?)`, params: [path, path, filter.value] };
  }
  if (typeof filter.value === 'boolean') {
    return { sql: `(json_type(${column}, ?) = 'BOOLEAN' AND json_extract_string(${column}, ?) = ?)`, params: [path, path, String(filter.value)] };
  }
  return {
    sql: `(CASE json_type(${column}, ?)
            WHEN 'BIGINT' THEN TRY_CAST(json_extract_string(${column}, ?) AS DOUBLE)
            WHEN 'UBIGINT' THEN TRY_CAST(json_extract_string(${column}, ?) AS DOUBLE)
            WHEN 'OBJECT' THEN TRY_CAST(coalesce(json_extract_string(${column}, ?), json_extract_string(${column}, ?)) AS DOUBLE)
          END) = ?`,
    params: [path, path, path, `${path}.d`, `${path}.i`, filter.value],
  };
}
