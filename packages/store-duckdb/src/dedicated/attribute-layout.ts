import type { Attributes, KeyValue } from '@braid/model';
import type { DuckDBValue } from '@duckdb/node-api';
import { decodeAttributes, encodeAttributes } from '../codec/any-value-json.js';
import { dedicatedKindOf, type DedicatedColumns, type DedicatedSlots } from './dedicated-columns.js';

/*
 * A row's attributes are split between dedicated columns and a JSON remainder. The layout string
 * keeps their order: one entry per attribute, the dedicated column's position or `r` for the next
 * remainder entry. An empty layout means "all in the remainder". Layouts repeat across rows, so
 * the column is dictionary-compressed to about a byte per row.
 */

/** What a row stores for its attributes. */
export interface SplitAttributes {
  readonly layout: string;
  readonly remainder: string;
  /** One value per dedicated column (`all()` order), null where the row has none. */
  readonly values: DuckDBValue[];
}

/** Splits attributes between the table's dedicated columns and a JSON remainder. */
export function splitAttributes(attributes: Attributes, dedicated: DedicatedColumns): SplitAttributes {
  const values: DuckDBValue[] = new Array<DuckDBValue>(dedicated.all().length).fill(null);
  let remainder: KeyValue[] | undefined;
  let layout = '';
  let anyDedicated = false;
  for (const kv of attributes) {
    const column = dedicated.of(kv.key);
    if (column && values[column.position] === null && dedicatedKindOf(kv.value) === column.kind) {
      values[column.position] = kv.value as DuckDBValue;
      layout += layout === '' ? String(column.position) : `,${column.position}`;
      anyDedicated = true;
    } else {
      (remainder ??= []).push(kv);
      layout += layout === '' ? 'r' : ',r';
    }
  }
  return { layout: anyDedicated ? layout : '', remainder: encodeAttributes(remainder ?? []), values };
}

const parsedLayouts = new Map<string, readonly (number | 'r')[]>();

/** Rebuilds attributes in their original order from a layout, the remainder and the row's dedicated values. */
export function joinAttributes(layout: string, remainder: string, row: readonly DuckDBValue[], slots: DedicatedSlots): KeyValue[] {
  const rest = decodeAttributes(remainder);
  if (layout === '') return rest;
  const out: KeyValue[] = [];
  let next = 0;
  for (const entry of parse(layout)) {
    if (entry === 'r') out.push(rest[next++]!);
    else {
      const slot = slots[entry];
      if (!slot) throw new Error(`attribute layout names dedicated column ${entry}, which the read did not select`);
      out.push({ key: slot.key, value: row[slot.index] as KeyValue['value'] });
    }
  }
  return out;
}

function parse(layout: string): readonly (number | 'r')[] {
  let parsed = parsedLayouts.get(layout);
  if (!parsed) {
    parsed = layout.split(',').map((e) => (e === 'r' ? 'r' : Number(e)));
    if (parsedLayouts.size > 10_000) parsedLayouts.clear();
    parsedLayouts.set(layout, parsed);
  }
  return parsed;
}
