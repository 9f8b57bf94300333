import { labelValue, mergeLabels, type Label, type Labels } from '@braid/model';

const EXPORTED_PREFIX = 'exported_';

/**
 * Attaches a target's labels to a scraped series, as Prometheus' `mutateSampleLabels` does before
 * metric relabeling. With honor_labels the series' own values win; without it the target's win and
 * the series' conflicting values move to `exported_<name>` (more prefixes while that name is taken).
 */
export function withTargetLabels(exposed: Labels, target: Labels, honorLabels: boolean): Labels {
  let conflict = false;
  for (const t of target) if (labelValue(exposed, t.name) !== '') conflict = true;
  if (!conflict) return mergeLabels(exposed, target);
  if (honorLabels) return mergeLabels(exposed, target.filter((t) => labelValue(exposed, t.name) === ''));
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
  return mergeLabels([{ name: '__name__', value: name }], target);
}
