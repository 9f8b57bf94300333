import { labelsKey, STALE_NAN, type Labels } from '@braid/model';
import { ExpositionCursor } from '../exposition/exposition-cursor.js';
import type { ExpositionFormat } from '../exposition/exposition.js';
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

/** A series the target exposes, with what the last scrapes did with it. */
interface SeriesEntry {
  readonly labels: Labels;
  readonly key: string;
  readonly named: boolean;
  /** The scrape that last wrote it. */
  writtenIn: number;
  /** Written at the scrape's time (not its own timestamp), so tracked for staleness. */
  tracked: boolean;
  /** The last exemplar written for it. */
  exemplar: string;
}

/** What an exposed series text gave: its series, or DROPPED by metric relabeling. */
interface TextEntry {
  readonly series: SeriesEntry | typeof DROPPED;
  /** The last scrape that exposed the text, to forget texts targets stop exposing. */
  seenIn: number;
}

/** A series that metric relabeling dropped. */
const DROPPED = null;
const REPORT_NAMES = ['up', 'scrape_duration_seconds', 'scrape_samples_scraped', 'scrape_samples_post_metric_relabeling', 'scrape_series_added'] as const;

/**
 * A target's memory between scrapes (Prometheus' scrapeCache): the series per exposed series text,
 * so known series cost a map lookup and no label work; the series the last scrape wrote, to mark
 * the missing ones stale; the last exemplar per series (targets repeat it until a new one is
 * recorded) and the last metadata written.
 */
export class ScrapeCache {
  private iteration = 0;
  private readonly byText = new Map<string, TextEntry>();
  private byKey = new Map<string, SeriesEntry>();
  private previous: SeriesEntry[] = [];
  private metadataFingerprint = '';
  private reportWritten = false;
  private readonly report: readonly Labels[];

  constructor(private readonly target: ScrapeTarget) {
    this.report = REPORT_NAMES.map((name) => reportLabels(name, target.labels));
  }

  /**
   * Reads a scrape body into `out` at `timestampMs` (or each sample's own timestamp when
   * honored), with staleness markers for the series the previous scrape had and this one lacks.
   * On failure (a malformed body, a limit) `out` holds a partial scrape to throw away and the
   * series the previous scrape wrote are still the ones to mark stale.
   */
  append(body: string, format: ExpositionFormat, timestampMs: number, out: SamplesBuilder): AppendOutcome {
    const job = this.target.job;
    const iteration = ++this.iteration;
    const cursor = new ExpositionCursor(body, format);
    const current: SeriesEntry[] = [];
    const exemplars: [SeriesEntry, string][] = [];
    let scraped = 0;
    let kept = 0;
    let added = 0;
    const failure = (error: string): AppendOutcome => ({ ok: false, error, counts: { scraped, kept, added } });
    for (let next = cursor.next(); next !== 'end'; next = cursor.next()) {
      if (next === 'error') return failure(`invalid ${format} body, line ${cursor.error!.line}: ${cursor.error!.message}`);
      scraped++;
      let text = this.byText.get(cursor.series);
      if (text === undefined) {
        const labels = cursor.checkedLabels();
        if (!labels.ok) return failure(`invalid ${format} body, line ${labels.error.line}: ${labels.error.message}`);
        const final = relabel(withTargetLabels(labels.value, this.target.labels, job.honorLabels), job.metricRelabelConfigs);
        text = { series: final === undefined || final.length === 0 ? DROPPED : this.entryFor(final), seenIn: iteration };
        if (text.series?.writtenIn === 0) added++;
        this.byText.set(cursor.series, text);
      }
      text.seenIn = iteration;
      const entry = text.series;
      if (entry === DROPPED) continue;
      if (!entry.named) return failure(`series ${JSON.stringify(cursor.series)} has no metric name (__name__) after metric relabeling`);
      // A series exposed twice keeps its first sample, as Prometheus refuses the duplicate.
      if (entry.writtenIn === iteration) continue;
      entry.writtenIn = iteration;
      kept++;
      const ownTimestamp = job.honorTimestamps ? cursor.timestampMs : undefined;
      const ts = ownTimestamp ?? timestampMs;
      // Series with their own timestamps are not marked stale: the target decides their time.
      entry.tracked = ownTimestamp === undefined;
      if (entry.tracked) current.push(entry);
      out.push(entry.labels, ts, cursor.value);
      const exemplar = cursor.exemplar;
      if (exemplar) {
        const exemplarTs = exemplar.timestampMs ?? ts;
        const fingerprint = `${exemplarTs}\u0000${exemplar.value}\u0000${labelsKey(exemplar.labels)}`;
        if (entry.exemplar !== fingerprint) out.exemplars.push(seriesExemplar(entry.labels, exemplar, exemplarTs));
        exemplars.push([entry, fingerprint]);
      }
    }
    if (job.sampleLimit > 0 && kept > job.sampleLimit) return failure(`sample_limit exceeded: ${kept} samples after metric relabeling, the limit is ${job.sampleLimit}`);

    for (const entry of this.previous) if (entry.writtenIn !== iteration || !entry.tracked) out.push(entry.labels, timestampMs, STALE_NAN);
    for (const [entry, fingerprint] of exemplars) entry.exemplar = fingerprint;
    const metadata = cursor.metadata();
    const metadataFingerprint = JSON.stringify(metadata);
    if (metadataFingerprint !== this.metadataFingerprint) out.metadata = metadata;
    this.metadataFingerprint = metadataFingerprint;
    this.previous = current;
    if (this.byText.size > 2 * scraped + 100) this.forget(iteration);
    return { ok: true, counts: { scraped, kept, added } };
  }

  /**
   * A cache for the same target under a changed job config: what was written carries over, so the
   * new loop marks stale only what it no longer writes; label results are recomputed.
   */
  handOver(target: ScrapeTarget): ScrapeCache {
    const next = new ScrapeCache(target);
    next.iteration = this.iteration;
    next.previous = this.previous;
    for (const entry of this.previous) next.byKey.set(entry.key, entry);
    next.reportWritten = this.reportWritten;
    return next;
  }

  /** A failed scrape: every series of the previous one goes stale. */
  appendFailure(timestampMs: number, out: SamplesBuilder): void {
    for (const entry of this.previous) out.push(entry.labels, timestampMs, STALE_NAN);
    this.previous = [];
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

  /** The entry of a series by its final labels: two exposed texts may end as one series. */
  private entryFor(labels: Labels): SeriesEntry {
    const key = labelsKey(labels);
    let entry = this.byKey.get(key);
    if (entry === undefined) {
      entry = { labels, key, named: labels.some((l) => l.name === '__name__'), writtenIn: 0, tracked: false, exemplar: '' };
      this.byKey.set(key, entry);
    }
    return entry;
  }

  /**
   * Forgets the series texts a successful scrape did not expose, once they outnumber the exposed
   * ones (series churn), so the cache stays about the size of one scrape without being rebuilt
   * at every scrape.
   */
  private forget(iteration: number): void {
    const byKey = new Map<string, SeriesEntry>();
    for (const [text, entry] of this.byText) {
      if (entry.seenIn !== iteration) this.byText.delete(text);
      else if (entry.series) byKey.set(entry.series.key, entry.series);
    }
    this.byKey = byKey;
  }
}
