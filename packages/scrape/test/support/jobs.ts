import { parseScrapeConfig, type ScrapeJobConfig } from '../../src/index.js';

/** One job from its YAML form (JSON is YAML), validated by the config parser. */
export function jobOf(job: object): ScrapeJobConfig {
  const result = parseScrapeConfig(JSON.stringify({ scrape_configs: [{ job_name: 'node', ...job }] }));
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.value.scrapeConfigs[0]!;
}
