import type { ExposedSample, ExpositionFormat, ExpositionResult } from './exposition.js';
import { ExpositionCursor } from './exposition-cursor.js';

/**
 * Parses a whole scrape body into samples with their labels; a body with any malformed line is
 * refused whole, as Prometheus refuses the scrape. The scrape loop reads bodies with
 * `ExpositionCursor` instead, which builds labels only for series it has not seen.
 */
export function parseExposition(text: string, format: ExpositionFormat): ExpositionResult {
  const cursor = new ExpositionCursor(text, format);
  const samples: ExposedSample[] = [];
  for (let entry = cursor.next(); entry !== 'end'; entry = cursor.next()) {
    if (entry === 'error') return { ok: false, error: cursor.error! };
    const labels = cursor.checkedLabels();
    if (!labels.ok) return { ok: false, error: labels.error };
    samples.push({ series: cursor.series, labels: labels.value, value: cursor.value, timestampMs: cursor.timestampMs, exemplar: cursor.exemplar });
  }
  return { ok: true, value: { samples, metadata: cursor.metadata() } };
}
