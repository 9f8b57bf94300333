import { parseScrapeConfig, type RelabelRule } from '../../src/index.js';

/** Relabel rules from their YAML form (JSON is YAML), validated by the config parser. */
export function rulesOf(configs: readonly object[]): readonly RelabelRule[] {
  const result = parseScrapeConfig(JSON.stringify({ scrape_configs: [{ job_name: 't', metric_relabel_configs: configs }] }));
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.value.scrapeConfigs[0]!.metricRelabelConfigs;
}
