import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { DEFAULT_TENANT } from '@braid/model';
import type { Ingest } from '@braid/ingest';
import { loadScrapeConfig, ScrapeManager, type ScrapeConfig } from '@braid/scrape';
import { ConfigError } from './config.js';

/** braid's scraper: the targets of a Prometheus configuration file, written through the ingest pipeline. */
export interface Scraping {
  readonly manager: ScrapeManager;
  /** Re-reads the file and applies it; a file with errors is logged and the running config kept. */
  reload(): Promise<void>;
}

/** Reads a scrape config, throwing a ConfigError that lists every problem in it. */
export async function readScrapeConfig(path: string, logger: Logger): Promise<ScrapeConfig> {
  const result = await loadScrapeConfig(path);
  if (!result.ok) throw new ConfigError(`invalid --scrape-config:\n  ${result.errors.join('\n  ')}`);
  for (const warning of result.warnings) logger.warn({ file: path }, warning);
  return result.value;
}

/** Starts a scrape loop per target; samples go to the default tenant once committed. */
export async function startScraping(path: string, config: ScrapeConfig, ingest: Ingest, logger: Logger): Promise<Scraping> {
  const manager = new ScrapeManager({
    sink: async (data) => {
      await ingest.samples(DEFAULT_TENANT, data);
    },
    logger: logger.child({ component: 'scrape' }),
    // Different braid hosts put the same target at different points of its interval, as Prometheus does.
    offsetSeed: createHash('md5').update(`${hostname()}\u0000${path}`).digest().readUInt32BE(0),
    userAgent: 'braid',
  });
  const apply = async (next: ScrapeConfig) => {
    const result = await manager.apply(next);
    for (const error of result.errors) logger.warn({ file: path }, error);
    logger.info({ file: path, targets: manager.targets().length, ...result }, 'scrape config applied');
  };
  await apply(config);
  return {
    manager,
    async reload() {
      try {
        await apply(await readScrapeConfig(path, logger));
      } catch (error) {
        logger.error({ err: error }, 'scrape config not reloaded');
      }
    },
  };
}
