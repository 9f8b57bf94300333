import { METRIC_NAME_LABEL, labelsKey, type Label, type Labels } from '@braid/model';

export { labelsKey };

/** Labels without __name__. */
export function withoutName(labels: Labels): Labels {
  return labels.some((l) => l.name === METRIC_NAME_LABEL) ? labels.filter((l) => l.name !== METRIC_NAME_LABEL) : labels;
}

/** Labels with one label set (or removed when value is ''), kept sorted. */
export function withLabel(labels: Labels, name: string, value: string): Labels {
  const out: Label[] = labels.filter((l) => l.name !== name);
  if (value !== '') {
    out.push({ name, value });
    out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
  return out;
}

/** Only the named labels (`on`/`by`), or all but them (`ignoring`/`without`, which also drops __name__). */
export function projectLabels(labels: Labels, names: readonly string[], keep: boolean): Labels {
  if (keep) return labels.filter((l) => names.includes(l.name));
  return labels.filter((l) => l.name !== METRIC_NAME_LABEL && !names.includes(l.name));
}

/** Prometheus' labels.Compare: by name, then value, label by label; shorter first. */
export function compareLabels(a: Labels, b: Labels): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const [x, y] = [a[i]!, b[i]!];
    if (x.name !== y.name) return x.name < y.name ? -1 : 1;
    if (x.value !== y.value) return x.value < y.value ? -1 : 1;
  }
  return a.length - b.length;
}
