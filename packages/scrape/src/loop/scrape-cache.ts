import { labelsKey, STALE_NAN, type Labels } from '@braid/model';
import type { Exposition } from '../exposition/exposition.js';
import { relabel } from '../relabel/relabel.js';
import type { ScrapeTarget } from '../target/scrape-target.js';
import { seriesExemplar } from './exemplar-context.js';
import type { SamplesBuilder } from './samples-builder.js';
import { reportLabels, withTargetLabels } from './target-labels.js';

/** What one scrape kept, for the synthetic `scrape_*` series. */
export interface AppendCounts {
  /** Samples in the body. */
  readonly scraped: number;
  /** Samples written after metric relabeling. */
  readonly kept: number;
  /** Written series the target's previous scrapes did not have. */
  readonly added: number;
}

export type AppendOutcome = { readonly ok: true; readonly counts: AppendCounts } | { readonly ok: false; readonly error: string; readonly counts: AppendCounts };

/** One synthetic sample set per scrape, as Prometheus writes them. */
export interface ScrapeReport extends AppendCounts {
  readonly up: boolean;
  readonly durationSeconds: number;
}

interface SeriesEntry {
  readonly labels: Labels;
  readonly key: string;
  readonly named: boolean;
}

/** A series that metric relabeling dropped. */
const DROPPED = null;
const REPORT_NAMES = ['up', 'scrape_duration_seconds', 'scrape_samples_scraped', 'scrape_samples_post_metric_relabeling', 'scrape_series_added'] as const;

/**
 * A target's memory between scrapes (Prometheus' scrapeCache): final labels per exposed series text,
 * the series the last scrape wrote (to mark the missing ones stale), the last exemplar per series
 * (targets repeat it until a new one is recorded) and the last metadata written.
 */
export class ScrapeCache {
  private seen = new Map<string, SeriesEntry | typeof DROPPED>();
  private previous = new Map<string, Labels>();
  private lastExemplars = new Map<string, string>();
  private metadataFingerprint = '';
  private reportWritten = false;
  private readonly report: readonly Labels[];

  constructor(private readonly target: ScrapeTarget) {
    this.report = REPORT_NAMES.map((name) => reportLabels(name, target.labels));
  }

  /**
   * Writes a parsed scrape into `out` at `timestampMs` (or each sample's own timestamp when
   * honored), with staleness markers for the series the previous scrape had and this one lacks.
   * On failure `out` holds a partial scrape to throw away and nothing here has changed.
   */
  append(exposition: Exposition, timestampMs: number, out: SamplesBuilder): AppendOutcome {
    const job = this.target.job;
    const seen = new Map<string, SeriesEntry | typeof DROPPED>();
    const current = new Map<string, Labels>();
    const written = new Set<string>();
    const exemplars = new Map<string, string>();
    let kept = 0;
    let added = 0;
    for (const sample of exposition.samples) {
      let entry = seen.get(sample.series);
      if (entry === undefined) {
        entry = this.seen.get(sample.series);
        if (entry === undefined) {
          entry = this.entryOf(sample.labels);
          if (entry !== DROPPED) added++;
        }
        seen.set(sample.series, entry);
      }
      if (entry === DROPPED) continue;
      if (!entry.named) {
        return { ok: false, error: `series ${JSON.stringify(sample.series)} has no metric name (__name__) after metric relabeling`, counts: { scraped: exposition.samples.length, kept, added } };
      }
      // A series exposed twice keeps its first sample, as Prometheus refuses the duplicate.
      if (written.has(entry.key)) continue;
      written.add(entry.key);
      kept++;
      const ownTimestamp = job.honorTimestamps ? sample.timestampMs : undefined;
      const ts = ownTimestamp ?? timestampMs;
      // Series with their own timestamps are not marked stale: the target decides their time.
      if (ownTimestamp === undefined) current.set(entry.key, entry.labels);
      out.push(entry.labels, ts, sample.value);
      const exemplar = sample.exemplar;
      if (exemplar) {
        const exemplarTs = exemplar.timestampMs ?? ts;
        const fingerprint = `${exemplarTs}\u0000${exemplar.value}\u0000${labelsKey(exemplar.labels)}`;
        exemplars.set(entry.key, fingerprint);
        if (this.lastExemplars.get(entry.key) !== fingerprint) out.exemplars.push(seriesExemplar(entry.labels, exemplar, exemplarTs));
      }
    }
    const counts = { scraped: exposition.samples.length, kept, added };
    if (job.sampleLimit > 0 && kept > job.sampleLimit) return { ok: false, error: `sample_limit exceeded: ${kept} samples after metric relabeling, the limit is ${job.sampleLimit}`, counts };

    this.markStale(current, timestampMs, out);
    const metadataFingerprint = JSON.stringify(exposition.metadata);
    if (metadataFingerprint !== this.metadataFingerprint) out.metadata = exposition.metadata;
    this.metadataFingerprint = metadataFingerprint;
    this.seen = seen;
    this.previous = current;
    this.lastExemplars = exemplars;
    return { ok: true, counts };
  }

  /**
   * A cache for the same target under a changed job config: what was written carries over, so the
   * new loop marks stale only what it no longer writes; label results are recomputed.
   */
  handOver(target: ScrapeTarget): ScrapeCache {
    const next = new ScrapeCache(target);
    next.previous = this.previous;
    next.lastExemplars = this.lastExemplars;
    next.reportWritten = this.reportWritten;
    return next;
  }

  /** A failed scrape: every series of the previous one goes stale. */
  appendFailure(timestampMs: number, out: SamplesBuilder): void {
    this.markStale(new Map(), timestampMs, out);
    this.previous = new Map();
  }

  /** The synthetic series of one scrape. */
  appendReport(report: ScrapeReport, timestampMs: number, out: SamplesBuilder): void {
    const values = [report.up ? 1 : 0, report.durationSeconds, report.scraped, report.kept, report.added];
    for (let i = 0; i < this.report.length; i++) out.push(this.report[i]!, timestampMs, values[i]!);
    this.reportWritten = true;
  }

  /** The target is no longer scraped: its series and its synthetic series go stale. */
  appendEndOfRun(timestampMs: number, out: SamplesBuilder): void {
    this.appendFailure(timestampMs, out);
    if (this.reportWritten) for (const labels of this.report) out.push(labels, timestampMs, STALE_NAN);
    this.reportWritten = false;
  }

  private entryOf(exposed: Labels): SeriesEntry | typeof DROPPED {
    const job = this.target.job;
    const labels = relabel(withTargetLabels(exposed, this.target.labels, job.honorLabels), job.metricRelabelConfigs);
    return labels === undefined || labels.length === 0 ? DROPPED : { labels, key: labelsKey(labels), named: labels.some((l) => l.name === '__name__') };
  }

  private markStale(current: ReadonlyMap<string, Labels>, timestampMs: number, out: SamplesBuilder): void {
    for (const [key, labels] of this.previous) if (!current.has(key)) out.push(labels, timestampMs, STALE_NAN);
  }
}
