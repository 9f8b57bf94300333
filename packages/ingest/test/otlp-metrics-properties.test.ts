import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TENANT, METRIC_NAME_LABEL, labelsKey } from '@braid/model';
import { DeltaToCumulative } from '../src/otlp-metrics/delta-to-cumulative.js';
import { createMetricsTranslator } from '../src/otlp-metrics/metrics-translator.js';
import { metricsData, pointCount } from './support/metrics-arbitrary.js';

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

describe('translation properties', () => {
  // One translator for every run, so delta streams meet points from earlier requests too.
  const translate = createMetricsTranslator({ deltaToCumulative: new DeltaToCumulative({ maxStreams: 50 }) });

  it('gives valid, sorted, unique labels, ordered samples, and accounts for every refused point', () => {
    fc.assert(
      fc.property(metricsData, (data) => {
        const { samples, rejected, errors } = translate(DEFAULT_TENANT, data);
        const keys = new Set<string>();
        for (const series of samples.series) {
          const names = series.labels.map((l) => l.name);
          expect(names).toEqual([...new Set(names)].sort());
          for (const label of series.labels) {
            expect(label.name).toMatch(LABEL_NAME);
            expect(label.value).not.toBe('');
          }
          expect(series.labels.find((l) => l.name === METRIC_NAME_LABEL)?.value).toMatch(METRIC_NAME);
          expect(series.values.length).toBe(series.timestampsMs.length);
          expect(series.values.length).toBeGreaterThan(0);
          for (let i = 1; i < series.timestampsMs.length; i++) expect(series.timestampsMs[i]).toBeGreaterThanOrEqual(series.timestampsMs[i - 1]!);
          keys.add(labelsKey(series.labels));
        }
        expect(keys.size).toBe(samples.series.length);
        for (const exemplar of samples.exemplars) expect(keys.has(labelsKey(exemplar.seriesLabels))).toBe(true);
        for (const metadata of samples.metadata) expect(metadata.metricFamilyName).toMatch(METRIC_NAME);
        expect(rejected).toBeLessThanOrEqual(pointCount(data));
        expect(errors.length).toBe(Math.min(errors.length, rejected, 100));
        expect(errors.length > 0).toBe(rejected > 0);
      }),
      { numRuns: 500 },
    );
  });

  it('is deterministic for a fresh translator', () => {
    fc.assert(
      fc.property(metricsData, (data) => {
        const once = createMetricsTranslator()(DEFAULT_TENANT, data);
        const twice = createMetricsTranslator()(DEFAULT_TENANT, data);
        expect(twice).toEqual(once);
      }),
      { numRuns: 200 },
    );
  });
});
