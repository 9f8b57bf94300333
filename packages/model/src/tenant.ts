/** The tenant that owns an item, from `X-Scope-OrgID`. */
export type TenantId = string & { readonly __brand: 'TenantId' };

/** The tenant of requests that name none. */
export const DEFAULT_TENANT = 'default' as TenantId;

const TENANT_PATTERN = /^[A-Za-z0-9!._*'()-]{1,150}$/;

/** Validates a tenant id with the character set Cortex/Mimir/Loki accept; undefined when invalid. */
export function parseTenantId(raw: string | undefined): TenantId | undefined {
  if (raw === undefined || raw === '') return DEFAULT_TENANT;
  if (raw === '.' || raw === '..' || !TENANT_PATTERN.test(raw)) return undefined;
  return raw as TenantId;
}
