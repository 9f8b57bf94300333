import { serviceName, type InstrumentationScope, type Labels, type Resource, type TenantId } from '@braid/model';
import { encodeAttributes } from '../codec/any-value-json.js';
import { contentId } from '../codec/content-id.js';
import type { KnownIds } from './known-ids.js';
import type { TableRows } from './table-columns.js';

/** The id of a resource (with its schema url), writing its row the first time it is seen. */
export function addResource(rows: TableRows, ids: KnownIds, tenant: TenantId, resource: Resource, schemaUrl: string): bigint {
  const attributes = encodeAttributes(resource.attributes);
  const id = contentId(tenant, schemaUrl, attributes, String(resource.droppedAttributesCount));
  if (ids.claim('resources', id)) {
    rows.push('resources', [tenant, id, serviceName(resource), schemaUrl, attributes, resource.droppedAttributesCount]);
  }
  return id;
}

/** The id of an instrumentation scope (with its schema url), writing its row the first time it is seen. */
export function addScope(rows: TableRows, ids: KnownIds, tenant: TenantId, scope: InstrumentationScope, schemaUrl: string): bigint {
  const attributes = encodeAttributes(scope.attributes);
  const id = contentId(tenant, scope.name, scope.version, schemaUrl, attributes, String(scope.droppedAttributesCount));
  if (ids.claim('scopes', id)) {
    rows.push('scopes', [tenant, id, scope.name, scope.version, schemaUrl, attributes, scope.droppedAttributesCount]);
  }
  return id;
}

/** The id of a label set in a dimension table (log streams, series), writing its row the first time. */
export function labelSetId(tenant: TenantId, labels: Labels): { id: bigint; json: string } {
  const json = JSON.stringify(labels.map((l) => [l.name, l.value]));
  return { id: contentId(tenant, json), json };
}
