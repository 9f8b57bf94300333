import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { labelsFromRecord, type MetricMetadata, type MetricType } from '@braid/model';
import { formatExposition, parseExposition, type ExpositionFormat, type SampleToFormat } from '../src/index.js';
import { viewSamples, type SampleView } from './support/exposition-view.js';

const FORMATS: readonly ExpositionFormat[] = ['prometheus-text', 'openmetrics-text'];

/** Pieces of the grammar, so random bodies reach deep into the parser rather than failing on the first character. */
const TOKENS = ['foo', 'le', '_total', '{', '}', '"', '=', ',', ' ', '  ', '\t', '\n', '\r', '#', '# ', 'HELP ', 'TYPE ', 'UNIT ', 'counter', '# EOF', '1', '-2.5e3', 'NaN', '+Inf', '1520879607.789', '\\', '\\n', '\\"', 'é', '.', '{}'];
const grammarSoup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }).map((parts) => parts.join(''));

describe('parseExposition on random input', () => {
  it.each(FORMATS)('%s: returns samples or a parse error with a line number, never throws', (format) => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200, unit: 'binary' }), grammarSoup), (body) => {
        const result = parseExposition(body, format);
        if (result.ok) {
          for (const s of result.value.samples) expect(s.labels.some((l) => l.name === '__name__')).toBe(true);
        } else {
          expect(result.error.line).toBeGreaterThanOrEqual(1);
          expect(result.error.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

const metricName = fc.stringMatching(/^[a-zA-Z_:][a-zA-Z0-9_:]{0,12}$/);
const labelName = fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,8}$/).filter((n) => n !== '__name__');
const labelValue = fc.string({ minLength: 1, maxLength: 12, unit: fc.oneof(fc.constantFrom('"', '\\', '\n', '}', ',', '=', '#', ' '), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), fc.constantFrom('é', '☃')) });
const labelRecord = fc.uniqueArray(fc.tuple(labelName, labelValue), { maxLength: 4, selector: ([name]) => name }).map((pairs) => Object.fromEntries(pairs));
const value = fc.oneof(fc.double(), fc.integer({ min: -1e9, max: 1e9 }), fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 1e21, 5e-324));
const timestampMs = fc.option(fc.integer({ min: -1e13, max: 1e13 }), { nil: undefined });
const help = fc.string({ maxLength: 20 }).filter((h) => !h.includes('\r'));

const TEXT_TYPES: MetricType[] = ['counter', 'gauge', 'histogram', 'summary', 'unknown'];
const OM_TYPES: MetricType[] = ['counter', 'gauge', 'histogram', 'gaugehistogram', 'summary', 'info', 'stateset', 'unknown'];

function expositionOf(format: ExpositionFormat) {
  const om = format === 'openmetrics-text';
  const family = fc.record({
    base: metricName,
    type: fc.constantFrom(...(om ? OM_TYPES : TEXT_TYPES)),
    help,
    unit: om ? fc.constantFrom('', 'seconds', 'bytes') : fc.constant(''),
  });
  const exemplar = om
    ? fc.option(fc.record({ labels: labelRecord, value, timestampMs }), { nil: undefined })
    : fc.constant(undefined);
  const sample = fc.record({ name: metricName, labels: labelRecord, value, timestampMs, exemplar });
  return fc.record({
    families: fc.uniqueArray(family, { maxLength: 4, selector: (f) => (f.unit ? `${f.base}_${f.unit}` : f.base) }),
    samples: fc.array(sample, { maxLength: 8 }),
  });
}

describe('formatExposition → parseExposition', () => {
  it.each(FORMATS)('%s: reads back every sample, timestamp, exemplar and metadata field', (format) => {
    fc.assert(
      fc.property(expositionOf(format), ({ families, samples }) => {
        const metadata: MetricMetadata[] = families.map((f) => ({ metricFamilyName: f.unit ? `${f.base}_${f.unit}` : f.base, type: f.type, help: f.help, unit: f.unit }));
        const toFormat: SampleToFormat[] = samples.map((s) => ({
          labels: labelsFromRecord({ ...s.labels, __name__: s.name }),
          value: s.value,
          timestampMs: s.timestampMs,
          exemplar: s.exemplar && { labels: labelsFromRecord(s.exemplar.labels), value: s.exemplar.value, timestampMs: s.exemplar.timestampMs },
        }));
        const body = formatExposition({ metadata, samples: toFormat }, format);
        const result = parseExposition(body, format);
        if (!result.ok) throw new Error(`line ${result.error.line}: ${result.error.message}\n${body}`);
        const expected: SampleView[] = samples.map((s) => {
          const view: SampleView = { labels: { ...s.labels, __name__: s.name }, value: s.value };
          if (s.timestampMs !== undefined) view.ts = s.timestampMs;
          if (s.exemplar) {
            view.exemplar = { labels: s.exemplar.labels, value: s.exemplar.value };
            if (s.exemplar.timestampMs !== undefined) view.exemplar.ts = s.exemplar.timestampMs;
          }
          return view;
        });
        expect(viewSamples(result.value)).toEqual(expected);
        expect(result.value.metadata).toEqual(metadata);
      }),
      { numRuns: 500 },
    );
  });
});
