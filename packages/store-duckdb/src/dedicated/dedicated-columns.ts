import type { Attributes } from '@braid/model';
import { BIGINT, BOOLEAN, DOUBLE, VARCHAR, type DuckDBConnection, type DuckDBType } from '@duckdb/node-api';

/** Tables whose attributes can have dedicated columns. */
export type AttributeTable = 'spans' | 'logs';

/** Scalar kinds a dedicated column can hold. */
export type DedicatedKind = 'string' | 'int' | 'double' | 'bool';

/** One attribute key with a typed column of its own. */
export interface DedicatedColumn {
  /** Position among the table's dedicated columns; the SQL column is `attr_<position>`. */
  readonly position: number;
  readonly key: string;
  readonly kind: DedicatedKind;
}

export const DEDICATED_TYPES: Readonly<Record<DedicatedKind, DuckDBType>> = { string: VARCHAR, int: BIGINT, double: DOUBLE, bool: BOOLEAN };
const SQL_TYPES: Readonly<Record<DedicatedKind, string>> = { string: 'VARCHAR', int: 'BIGINT', double: 'DOUBLE', bool: 'BOOLEAN' };

/** A key is promoted once it appears (with one kind) on at least this share of a batch's rows. */
const PROMOTE_SHARE = 0.1;

export const DEDICATED_COLUMNS_SCHEMA = `CREATE TABLE IF NOT EXISTS dedicated_columns (
  table_name VARCHAR NOT NULL, position INTEGER NOT NULL, key VARCHAR NOT NULL, kind VARCHAR NOT NULL)`;

/** The SQL name of a dedicated column. */
export function dedicatedColumnName(column: DedicatedColumn): string {
  return `attr_${column.position}`;
}

/**
 * Frequent attribute keys get typed columns of their own, as Tempo's dedicated columns and
 * ClickHouse's JSON subcolumns do: a low-cardinality string costs about a byte per row in a
 * dictionary-compressed column instead of its key and value repeated in JSON text, and filters
 * on it read one typed column. Promotion is automatic (see PROMOTE_SHARE), capped per table;
 * columns are only ever added, so rows written earlier keep the key in their JSON remainder.
 */
export class DedicatedColumns {
  private readonly byKey = new Map<string, DedicatedColumn>();
  private pending: DedicatedColumn[] = [];
  /** Columns below this position exist in the table (their creation committed). */
  private created: number;

  private constructor(
    readonly table: AttributeTable,
    private readonly columns: DedicatedColumn[],
    private readonly max: number,
  ) {
    for (const column of columns) this.byKey.set(column.key, column);
    this.created = columns.length;
  }

  /** Loads a table's dedicated columns. */
  static async load(connection: DuckDBConnection, table: AttributeTable, max: number): Promise<DedicatedColumns> {
    const reader = await connection.runAndReadAll('SELECT position, key, kind FROM dedicated_columns WHERE table_name = ? ORDER BY position', [table]);
    const columns = reader.getRows().map(([position, key, kind]) => ({ position: position as number, key: key as string, kind: kind as DedicatedKind }));
    return new DedicatedColumns(table, columns, max);
  }

  /** Every column, in position order. */
  all(): readonly DedicatedColumn[] {
    return this.columns;
  }

  /**
   * Where each dedicated column sits in a result row, from the result's column names. Reads
   * select the dedicated columns their snapshot has (`* EXCLUDE` the fixed ones) rather than a
   * list taken earlier, so a row always comes with every column its layout names.
   */
  slotsOf(columnNames: readonly string[]): DedicatedSlots {
    const slots: DedicatedSlot[] = [];
    columnNames.forEach((name, index) => {
      const match = /^attr_(\d+)$/.exec(name);
      if (!match) return;
      const column = this.columns[Number(match[1])];
      if (column) slots[column.position] = { key: column.key, index };
    });
    return slots;
  }

  /** The column of a key, if it has one (possibly still being created: for writes). */
  of(key: string): DedicatedColumn | undefined {
    return this.byKey.get(key);
  }

  /** The column of a key if it exists in the table: what a filter may name. */
  existing(key: string): DedicatedColumn | undefined {
    const column = this.byKey.get(key);
    return column && column.position < this.created ? column : undefined;
  }

  /** Picks keys of this batch that deserve a column and reserves them (pending until commit). */
  promote(attributeSets: readonly Attributes[]): readonly DedicatedColumn[] {
    const room = this.max - this.columns.length;
    if (room <= 0 || attributeSets.length === 0) return [];
    const counts = new Map<string, { kind: DedicatedKind; count: number }>();
    for (const attributes of attributeSets) {
      for (const kv of attributes) {
        if (this.byKey.has(kv.key)) continue;
        const kind = dedicatedKindOf(kv.value);
        if (kind === undefined) continue;
        const seen = counts.get(kv.key);
        if (!seen) counts.set(kv.key, { kind, count: 1 });
        else if (seen.kind === kind) seen.count++;
      }
    }
    const threshold = Math.max(1, Math.ceil(attributeSets.length * PROMOTE_SHARE));
    const chosen = [...counts]
      .filter(([, c]) => c.count >= threshold)
      .sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1))
      .slice(0, room);
    for (const [key, { kind }] of chosen) {
      const column = { position: this.columns.length, key, kind };
      this.columns.push(column);
      this.byKey.set(key, column);
      this.pending.push(column);
    }
    return this.pending;
  }

  /**
   * Creates the pending columns in a transaction of their own, before the rows that use them are
   * written, so readers never meet a row naming a column they cannot see. On failure they are forgotten.
   */
  async create(connection: DuckDBConnection): Promise<void> {
    if (this.pending.length === 0) return;
    try {
      await connection.run('BEGIN TRANSACTION');
      for (const column of this.pending) {
        await connection.run(`ALTER TABLE ${this.table} ADD COLUMN ${dedicatedColumnName(column)} ${SQL_TYPES[column.kind]}`);
        await connection.run('INSERT INTO dedicated_columns VALUES (?, ?, ?, ?)', [this.table, column.position, column.key, column.kind]);
      }
      await connection.run('COMMIT');
      this.created = this.columns.length;
    } catch (error) {
      await connection.run('ROLLBACK').catch(() => undefined);
      for (const column of this.pending) this.byKey.delete(column.key);
      this.columns.length -= this.pending.length;
      throw error;
    } finally {
      this.pending = [];
    }
  }
}

/** One dedicated column in a result row: its attribute key and its index in the row. */
export interface DedicatedSlot {
  readonly key: string;
  readonly index: number;
}

/** Result slots by dedicated column position (sparse). */
export type DedicatedSlots = readonly (DedicatedSlot | undefined)[];

/** The dedicated kind of a scalar value, undefined for values that stay in JSON. */
export function dedicatedKindOf(value: unknown): DedicatedKind | undefined {
  switch (typeof value) {
    case 'string':
      return value.includes('\u0000') ? undefined : 'string';
    case 'boolean':
      return 'bool';
    case 'number':
      return 'double';
    case 'bigint':
      return value >= INT64_MIN && value <= INT64_MAX ? 'int' : undefined;
    default:
      return undefined;
  }
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
