import type { InstrumentationScope, Resource } from '@braid/model';
import type { DuckDBConnection } from '@duckdb/node-api';
import { decodeAttributes } from '../codec/any-value-json.js';
import { idList } from './sql-filter.js';

export interface StoredResource {
  readonly resource: Resource;
  readonly schemaUrl: string;
}

export interface StoredScope {
  readonly scope: InstrumentationScope;
  readonly schemaUrl: string;
}

/** Above this many cached entries the cache starts over; resources and scopes are few in practice. */
const MAX_CACHED = 50_000;

/**
 * Resources and scopes by content id, decoded once and cached: rows never change once written,
 * so a cached entry is never stale.
 */
export class Dimensions {
  private readonly resources = new Map<bigint, StoredResource>();
  private readonly scopes = new Map<bigint, StoredScope>();

  /** Resolves the ids of one query's rows, reading the ones not cached. */
  async load(connection: DuckDBConnection, resourceIds: Iterable<bigint>, scopeIds: Iterable<bigint>): Promise<DimensionLookup> {
    const resources = await this.resolve(this.resources, resourceIds, (ids) => readResources(connection, ids));
    const scopes = await this.resolve(this.scopes, scopeIds, (ids) => readScopes(connection, ids));
    return {
      resource: (id) => found(resources, id, 'resource'),
      scope: (id) => found(scopes, id, 'scope'),
    };
  }

  private async resolve<T>(cache: Map<bigint, T>, ids: Iterable<bigint>, read: (ids: bigint[]) => Promise<Map<bigint, T>>): Promise<Map<bigint, T>> {
    const out = new Map<bigint, T>();
    const missing: bigint[] = [];
    for (const id of new Set(ids)) {
      const cached = cache.get(id);
      if (cached) out.set(id, cached);
      else missing.push(id);
    }
    if (missing.length === 0) return out;
    if (cache.size + missing.length > MAX_CACHED) cache.clear();
    for (const [id, value] of await read(missing)) {
      cache.set(id, value);
      out.set(id, value);
    }
    return out;
  }
}

/** The resources and scopes of one query's rows. */
export interface DimensionLookup {
  resource(id: bigint): StoredResource;
  scope(id: bigint): StoredScope;
}

function found<T>(map: Map<bigint, T>, id: bigint, what: string): T {
  const value = map.get(id);
  if (value === undefined) throw new Error(`${what} ${id} referenced but not stored`);
  return value;
}

async function readResources(connection: DuckDBConnection, ids: bigint[]): Promise<Map<bigint, StoredResource>> {
  const reader = await connection.runAndReadAll(
    `SELECT resource_id, schema_url, attributes, dropped_attributes FROM resources WHERE resource_id IN (${idList(ids)})`,
  );
  const out = new Map<bigint, StoredResource>();
  for (const [id, schemaUrl, attributes, dropped] of reader.getRows()) {
    out.set(id as bigint, {
      resource: { attributes: decodeAttributes(attributes as string), droppedAttributesCount: Number(dropped) },
      schemaUrl: schemaUrl as string,
    });
  }
  return out;
}

async function readScopes(connection: DuckDBConnection, ids: bigint[]): Promise<Map<bigint, StoredScope>> {
  const reader = await connection.runAndReadAll(
    `SELECT scope_id, name, version, schema_url, attributes, dropped_attributes FROM scopes WHERE scope_id IN (${idList(ids)})`,
  );
  const out = new Map<bigint, StoredScope>();
  for (const [id, name, version, schemaUrl, attributes, dropped] of reader.getRows()) {
    out.set(id as bigint, {
      scope: { name: name as string, version: version as string, attributes: decodeAttributes(attributes as string), droppedAttributesCount: Number(dropped) },
      schemaUrl: schemaUrl as string,
    });
  }
  return out;
}
