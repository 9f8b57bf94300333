import type { AttributeTable, DedicatedColumns } from '../dedicated/dedicated-columns.js';
import type { Dimensions } from './dimensions.js';

/** What reads share: cached resources and scopes, and each table's dedicated attribute columns. */
export interface ReadContext {
  readonly dimensions: Dimensions;
  readonly dedicated: Readonly<Record<AttributeTable, DedicatedColumns>>;
}
