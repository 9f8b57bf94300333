import type { Label, Labels } from '@braid/model';

const EXPORTED_PREFIX = 'exported_';

/**
 * Attaches a target's labels to a scraped series, as Prometheus' `mutateSampleLabels` does before
 * metric relabeling. With honor_labels the series' own values win; without it the target's win and
 * the series' conflicting values move to `exported_<name>` (more prefixes while that name is taken).
 */
export function withTargetLabels(exposed: Labels, target: Labels, honorLabels: boolean): Labels {
  let conflict = false;
  for (const t of target) if (valueOf(exposed, t.name) !== '') conflict = true;
  if (!conflict) return mergeSorted(exposed, target);
  if (honorLabels) return mergeSorted(exposed, target.filter((t) => valueOf(exposed, t.name) === ''));
  const lb = new Map<string, string>();
  for (const l of exposed) lb.set(l.name, l.value);
  const conflicting: Label[] = [];
  for (const t of target) {
    const existing = lb.get(t.name);
    if (existing) conflicting.push({ name: t.name, value: existing });
    lb.set(t.name, t.value);
  }
  // Shorter names first, so `exported_job` is taken by job's value before `exported_exported_job` is needed.
  conflicting.sort((a, b) => a.name.length - b.name.length);
  for (const c of conflicting) {
    let name = c.name;
    do name = EXPORTED_PREFIX + name;
    while (lb.get(name));
    lb.set(name, c.value);
  }
  const out: Label[] = [];
  for (const [name, value] of lb) out.push({ name, value });
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The labels of a synthetic series (`up`, `scrape_duration_seconds`, ...): the name and the target's labels. */
export function reportLabels(name: string, target: Labels): Labels {
  return mergeSorted([{ name: '__name__', value: name }], target);
}

function valueOf(labels: Labels, name: string): string {
  for (const l of labels) if (l.name === name) return l.value;
  return '';
}

/** Merges two sorted label lists with distinct names. */
function mergeSorted(a: Labels, b: Labels): Labels {
  if (b.length === 0) return a;
  const out: Label[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(a[i]!.name < b[j]!.name ? a[i++]! : b[j++]!);
  while (i < a.length) out.push(a[i++]!);
  while (j < b.length) out.push(b[j++]!);
  return out;
}
