import { METRIC_NAME_LABEL, anyValueToText, serviceName, type Attributes, type InstrumentationScope, type Label, type Labels, type Resource } from '@braid/model';
import type { NameCache } from './metric-family.js';

export const JOB_LABEL = 'job';
export const INSTANCE_LABEL = 'instance';
/** braid's own label: the resource's `service.name` on every series, as logs and traces carry it. */
export const SERVICE_NAME_LABEL = 'service_name';
export const SCOPE_NAME_LABEL = 'otel_scope_name';
export const SCOPE_VERSION_LABEL = 'otel_scope_version';
/** Attributes named like a label braid sets keep their value under this prefix, as Prometheus' scrape does. */
export const EXPORTED_PREFIX = 'exported_';

/** The resource attributes that job and instance are made of. */
export const IDENTIFYING_ATTRIBUTES: readonly string[] = ['service.name', 'service.namespace', 'service.instance.id'];

/**
 * The labels a resource gives each of its series, sorted: `instance` (service.instance.id), `job`
 * (service.namespace/service.name or service.name) and `service_name`.
 */
export function resourceLabels(resource: Resource): Label[] {
  let name = '';
  let namespace = '';
  let instance = '';
  for (const kv of resource.attributes) {
    if (kv.key === 'service.name' && name === '') name = anyValueToText(kv.value);
    else if (kv.key === 'service.namespace' && namespace === '') namespace = anyValueToText(kv.value);
    else if (kv.key === 'service.instance.id' && instance === '') instance = anyValueToText(kv.value);
  }
  const labels: Label[] = [];
  if (instance !== '') labels.push({ name: INSTANCE_LABEL, value: instance });
  if (name !== '') labels.push({ name: JOB_LABEL, value: namespace === '' ? name : `${namespace}/${name}` });
  labels.push({ name: SERVICE_NAME_LABEL, value: serviceName(resource) });
  return labels;
}

/** The labels of an instrumentation scope, sorted; none when it has no name. */
export function scopeLabels(scope: InstrumentationScope): Label[] {
  if (scope.name === '') return [];
  const labels: Label[] = [{ name: SCOPE_NAME_LABEL, value: scope.name }];
  if (scope.version !== '') labels.push({ name: SCOPE_VERSION_LABEL, value: scope.version });
  return labels;
}

interface NamedAttribute {
  readonly key: string;
  readonly name: string;
  readonly value: string;
}

function byNameThenKey(a: NamedAttribute, b: NamedAttribute): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/**
 * Attributes as sorted labels. Keys that sanitize to one name are joined with `;` in the order of
 * their original keys, as the spec says; a name in `reserved` becomes `exported_<name>`; empty values
 * are dropped, as an empty label is an absent one. An invalid key makes the whole set invalid
 * (a string saying why) unless `skipInvalid`, which drops that attribute.
 */
export function attributeLabels(attributes: Attributes, reserved: ReadonlySet<string>, names: NameCache, skipInvalid: boolean): Label[] | string {
  if (attributes.length === 0) return [];
  const named: NamedAttribute[] = [];
  for (const kv of attributes) {
    let name = names.label(kv.key);
    if (name === undefined) {
      if (skipInvalid) continue;
      return `attribute key ${JSON.stringify(kv.key)} is not a valid label name`;
    }
    if (reserved.has(name)) name = EXPORTED_PREFIX + name;
    named.push({ key: kv.key, name, value: anyValueToText(kv.value) });
  }
  if (named.length > 1) named.sort(byNameThenKey);
  const labels: Label[] = [];
  for (let i = 0; i < named.length; i++) {
    const { name } = named[i]!;
    let value = named[i]!.value;
    while (i + 1 < named.length && named[i + 1]!.name === name) value += `;${named[++i]!.value}`;
    if (value !== '') labels.push({ name, value });
  }
  return labels;
}

/** A series' labels: the point's labels with `__name__` and, for buckets and quantiles, `le` or `quantile`. */
export function seriesLabels(base: Labels, name: string, extraName?: string, extraValue?: string): Labels {
  const out: Label[] = [];
  let nameDone = false;
  let extraDone = extraName === undefined;
  for (const label of base) {
    if (!nameDone && METRIC_NAME_LABEL < label.name) {
      out.push({ name: METRIC_NAME_LABEL, value: name });
      nameDone = true;
    }
    if (!extraDone && extraName! < label.name) {
      // `__name__` sorts before `le` and `quantile`, so checking it first keeps the order.
      out.push({ name: extraName!, value: extraValue! });
      extraDone = true;
    }
    out.push(label);
  }
  if (!nameDone) out.push({ name: METRIC_NAME_LABEL, value: name });
  if (!extraDone) out.push({ name: extraName!, value: extraValue! });
  return out;
}
