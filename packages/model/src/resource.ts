import type { Attributes } from './value.js';

/** The entity producing telemetry (a service instance, a host, ...). */
export interface Resource {
  readonly attributes: Attributes;
  readonly droppedAttributesCount: number;
}

/** The instrumentation library that produced the telemetry. */
export interface InstrumentationScope {
  readonly name: string;
  readonly version: string;
  readonly attributes: Attributes;
  readonly droppedAttributesCount: number;
}

export const EMPTY_RESOURCE: Resource = { attributes: [], droppedAttributesCount: 0 };
export const EMPTY_SCOPE: InstrumentationScope = { name: '', version: '', attributes: [], droppedAttributesCount: 0 };
