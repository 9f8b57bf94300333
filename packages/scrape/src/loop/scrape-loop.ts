import type { Labels } from '@braid/model';
import type { SamplesData } from '@braid/store';
import { formatOfContentType } from '../exposition/content-type.js';
import type { ScrapeTarget } from '../target/scrape-target.js';
import { ScrapeCache, type AppendCounts } from './scrape-cache.js';
import { fetchScrape } from './scrape-http.js';
import { SamplesBuilder } from './samples-builder.js';

/** Where scraped samples go: resolves once they are committed. */
export type SamplesSink = (data: SamplesData) => Promise<void>;

/** The logging a scrape loop does; pino's Logger fits. */
export interface ScrapeLogger {
  warn(fields: object, message: string): void;
  debug(fields: object, message: string): void;
}

/** What the loops share: where samples go, the clock, and how they introduce themselves. */
export interface ScrapeLoopOptions {
  readonly sink: SamplesSink;
  readonly logger: ScrapeLogger;
  /** Unix milliseconds; scrape timestamps come from it. */
  readonly now: () => number;
  /** Spreads targets over their interval differently per braid instance (Prometheus' jitter seed). */
  readonly offsetSeed: number;
  readonly userAgent: string;
}

/** A target's state as the last scrape left it. */
export interface TargetHealth {
  readonly job: string;
  readonly labels: Labels;
  readonly url: string;
  readonly health: 'unknown' | 'up' | 'down';
  readonly lastError: string;
  /** Unix milliseconds of the last scrape, 0 before the first. */
  readonly lastScrapeMs: number;
  readonly lastScrapeDurationSeconds: number;
}

const NO_COUNTS: AppendCounts = { scraped: 0, kept: 0, added: 0 };

/**
 * Scrapes one target at its interval, at a fixed offset inside it so targets spread over time,
 * skipping ticks while a scrape (and its commit) overruns. Each scrape is written as one request.
 */
export class ScrapeLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly stopController = new AbortController();
  private stopped = false;
  private nextAt = 0;
  private lastTimestampMs = 0;
  private status: TargetHealth;

  constructor(
    readonly target: ScrapeTarget,
    private readonly options: ScrapeLoopOptions,
    private readonly cache: ScrapeCache = new ScrapeCache(target),
  ) {
    this.status = { job: target.job.jobName, labels: target.labels, url: target.url, health: 'unknown', lastError: '', lastScrapeMs: 0, lastScrapeDurationSeconds: 0 };
  }

  /** Schedules the first scrape at this target's offset in its interval. */
  start(): void {
    const now = this.options.now();
    this.nextAt = now + scrapeOffset(this.target.key, this.target.intervalMs, this.options.offsetSeed, now);
    this.schedule();
  }

  health(): TargetHealth {
    return this.status;
  }

  /**
   * Stops scraping (cancelling a scrape in flight) and, unless the target lives on in a new loop
   * that takes over `cache`, writes staleness markers for its series and synthetic series.
   */
  async stop(options: { markStale: boolean } = { markStale: true }): Promise<ScrapeCache> {
    if (this.stopped) return this.cache;
    this.stopped = true;
    clearTimeout(this.timer);
    this.stopController.abort();
    await this.running;
    if (options.markStale) {
      const out = new SamplesBuilder();
      this.cache.appendEndOfRun(this.nextTimestamp(), out);
      await this.write(out);
    }
    return this.cache;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => this.tick(), Math.max(0, this.nextAt - this.options.now()));
  }

  private tick(): void {
    this.running = this.scrapeLogged().finally(() => {
      this.running = undefined;
      const interval = this.target.intervalMs;
      const now = this.options.now();
      this.nextAt += interval;
      if (this.nextAt <= now) this.nextAt += Math.ceil((now - this.nextAt + 1) / interval) * interval;
      this.schedule();
    });
  }

  /** A scrape whose unexpected errors are logged, so a bug in one target never stops the process. */
  private async scrapeLogged(): Promise<void> {
    try {
      await this.scrape();
    } catch (error) {
      this.options.logger.warn({ job: this.target.job.jobName, url: this.target.url, err: error }, 'scrape loop error');
    }
  }

  /** One scrape: fetch, parse, write samples, staleness markers and the synthetic series. */
  private async scrape(): Promise<void> {
    const { target, options } = this;
    const job = target.job;
    const startedAt = options.now();
    const timestampMs = this.nextTimestamp();
    const response = await fetchScrape(
      {
        url: target.url,
        timeoutMs: target.timeoutMs,
        basicAuth: job.basicAuth,
        followRedirects: job.followRedirects,
        enableCompression: job.enableCompression,
        bodySizeLimitBytes: job.bodySizeLimitBytes,
        userAgent: options.userAgent,
      },
      this.stopController.signal,
    );
    if (this.stopped) return;
    let out = new SamplesBuilder();
    let error: string | undefined;
    let counts = NO_COUNTS;
    if (!response.ok) error = response.error;
    else {
      const format = formatOfContentType(response.contentType);
      if (format === undefined) error = `unsupported Content-Type "${response.contentType}"`;
      else {
        const outcome = this.cache.append(response.body, format, timestampMs, out);
        counts = outcome.counts;
        if (!outcome.ok) error = outcome.error;
      }
    }
    if (error !== undefined) {
      out = new SamplesBuilder();
      this.cache.appendFailure(timestampMs, out);
    }
    const durationSeconds = (options.now() - startedAt) / 1000;
    this.cache.appendReport({ up: error === undefined, durationSeconds, ...counts }, timestampMs, out);
    this.lastTimestampMs = timestampMs;
    this.status = { ...this.status, health: error === undefined ? 'up' : 'down', lastError: error ?? '', lastScrapeMs: timestampMs, lastScrapeDurationSeconds: durationSeconds };
    if (error !== undefined) options.logger.debug({ job: job.jobName, url: target.url, err: error }, 'scrape failed');
    await this.write(out);
  }

  private async write(out: SamplesBuilder): Promise<void> {
    if (out.length === 0 && out.metadata.length === 0) return;
    try {
      await this.options.sink(out.build());
    } catch (error) {
      this.options.logger.warn({ job: this.target.job.jobName, url: this.target.url, err: error }, 'scraped samples were not written');
    }
  }

  /** Now in whole milliseconds, after the last scrape's time so a series never gets two samples at one time. */
  private nextTimestamp(): number {
    return Math.max(Math.floor(this.options.now()), this.lastTimestampMs + 1);
  }
}

/**
 * How long from `now` until this target's slot in its interval: a hash of the target picks the
 * slot, as Prometheus' `Target.offset` does, so each target keeps a steady phase and many
 * targets do not all scrape at once.
 */
export function scrapeOffset(targetKey: string, intervalMs: number, seed: number, now: number): number {
  const slot = (fnv1a(targetKey) ^ seed) >>> 0;
  const base = intervalMs - (now % intervalMs);
  const next = base + (slot % intervalMs);
  return next > intervalMs ? next - intervalMs : next;
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
