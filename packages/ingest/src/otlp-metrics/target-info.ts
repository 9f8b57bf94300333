import { METRIC_NAME_LABEL, mergeLabels, type Label, type Labels, type MetricMetadata, type Resource } from '@braid/model';
import type { NameCache } from './metric-family.js';
import { IDENTIFYING_ATTRIBUTES, INSTANCE_LABEL, JOB_LABEL, attributeLabels } from './series-labels.js';

export const TARGET_INFO = 'target_info';

export const TARGET_INFO_METADATA: MetricMetadata = { metricFamilyName: TARGET_INFO, type: 'gauge', help: 'Target metadata', unit: '' };

/**
 * The labels of a resource's `target_info` series: its resource labels (job, instance, service_name)
 * and every other resource attribute. Undefined, as in Prometheus, when there is no other attribute
 * or neither job nor instance to join it on. Attributes whose keys make no label name are left out.
 */
export function targetInfoLabels(resource: Resource, resourceLabels: readonly Label[], names: NameCache): Labels | undefined {
  const others = resource.attributes.filter((kv) => !IDENTIFYING_ATTRIBUTES.includes(kv.key));
  if (others.length === 0) return undefined;
  if (!resourceLabels.some((label) => label.name === JOB_LABEL || label.name === INSTANCE_LABEL)) return undefined;
  const reserved = new Set([METRIC_NAME_LABEL, ...resourceLabels.map((label) => label.name)]);
  return mergeLabels(resourceLabels, attributeLabels(others, reserved, names, true) as Label[]);
}
