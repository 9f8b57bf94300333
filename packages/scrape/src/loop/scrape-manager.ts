import type { ScrapeConfig } from '../config/scrape-config.js';
import { resolveTargets, type ScrapeTarget } from '../target/scrape-target.js';
import { ScrapeLoop, type ScrapeLoopOptions, type TargetHealth } from './scrape-loop.js';

export type ScrapeManagerOptions = Omit<ScrapeLoopOptions, 'now' | 'offsetSeed' | 'userAgent'> & Partial<Pick<ScrapeLoopOptions, 'now' | 'offsetSeed' | 'userAgent'>>;

/** What applying a config did: targets started, stopped and refused. */
export interface ApplyResult {
  readonly started: number;
  readonly stopped: number;
  readonly dropped: number;
  readonly errors: readonly string[];
}

/**
 * Runs one scrape loop per target of a config. Applying a new config starts the new targets,
 * stops the ones it no longer has (their series are marked stale) and restarts targets whose job
 * changed without marking anything stale; stopping marks every target's series stale.
 */
export class ScrapeManager {
  private readonly loops = new Map<string, { loop: ScrapeLoop; fingerprint: string }>();
  private readonly options: ScrapeLoopOptions;
  private stopped = false;

  constructor(options: ScrapeManagerOptions) {
    this.options = { now: Date.now, offsetSeed: 0, userAgent: 'braid', ...options };
  }

  async apply(config: ScrapeConfig): Promise<ApplyResult> {
    if (this.stopped) throw new Error('the scrape manager is stopped');
    const wanted = new Map<string, { target: ScrapeTarget; fingerprint: string }>();
    const errors: string[] = [];
    let dropped = 0;
    for (const job of config.scrapeConfigs) {
      const resolved = resolveTargets(job);
      errors.push(...resolved.errors);
      dropped += resolved.dropped;
      const fingerprint = jobFingerprint(job);
      for (const target of resolved.targets) wanted.set(`${job.jobName}\u0003${target.key}`, { target, fingerprint });
    }
    const stopping: Promise<unknown>[] = [];
    let started = 0;
    for (const [key, running] of this.loops) {
      if (wanted.has(key)) continue;
      this.loops.delete(key);
      stopping.push(running.loop.stop());
    }
    for (const [key, { target, fingerprint }] of wanted) {
      const running = this.loops.get(key);
      if (running?.fingerprint === fingerprint) continue;
      const cache = running && (await running.loop.stop({ markStale: false })).handOver(target);
      const loop = new ScrapeLoop(target, this.options, cache);
      this.loops.set(key, { loop, fingerprint });
      loop.start();
      started++;
    }
    await Promise.all(stopping);
    return { started, stopped: stopping.length, dropped, errors };
  }

  /** Health of every target, by job and target labels. */
  targets(): TargetHealth[] {
    return [...this.loops.values()].map((r) => r.loop.health());
  }

  /** Stops every loop; resolves once their staleness markers are written. */
  async stop(): Promise<void> {
    this.stopped = true;
    const loops = [...this.loops.values()];
    this.loops.clear();
    await Promise.all(loops.map((r) => r.loop.stop()));
  }
}

/**
 * Equal when a job scrapes its targets the same way. Static configs and target relabeling are left
 * out: what they decide is in the target's labels and URL, the loop's key.
 */
function jobFingerprint(job: ScrapeConfig['scrapeConfigs'][number]): string {
  const { staticConfigs: _targets, relabelConfigs: _relabeling, ...scraping } = job;
  return JSON.stringify(scraping, (_key, value: unknown) => (value instanceof RegExp ? value.source : value));
}
