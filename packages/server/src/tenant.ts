import { badInput, parseTenantId, type TenantId } from '@braid/model';

export const TENANT_HEADER = 'x-scope-orgid';

/** The tenant of a request from `X-Scope-OrgID`; the default tenant when absent. */
export function tenantFromHeader(value: string | string[] | undefined): TenantId {
  const raw = Array.isArray(value) ? value[0] : value;
  const tenant = parseTenantId(raw?.trim());
  if (!tenant) throw badInput(`invalid X-Scope-OrgID "${raw}": use 1-150 characters of [A-Za-z0-9!._*'()-]`);
  return tenant;
}
