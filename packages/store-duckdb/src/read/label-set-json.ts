import type { Labels } from '@braid/model';

/** Decodes a label set stored as [[name, value], ...] JSON (see write/dimension-rows.ts). */
export function labelsFromJson(json: string): Labels {
  return (JSON.parse(json) as [string, string][]).map(([name, value]) => ({ name, value }));
}
