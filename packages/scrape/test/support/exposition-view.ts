import { labelsToRecord } from '@braid/model';
import type { Exposition } from '../../src/index.js';

/** A plain view of a parse result, for `toEqual` against table rows. */
export interface SampleView {
  labels: Record<string, string>;
  value: number;
  ts?: number;
  exemplar?: { labels: Record<string, string>; value: number; ts?: number };
}

export function viewSamples(exposition: Exposition): SampleView[] {
  return exposition.samples.map((s) => {
    const view: SampleView = { labels: labelsToRecord(s.labels), value: s.value };
    if (s.timestampMs !== undefined) view.ts = s.timestampMs;
    if (s.exemplar) {
      view.exemplar = { labels: labelsToRecord(s.exemplar.labels), value: s.exemplar.value };
      if (s.exemplar.timestampMs !== undefined) view.exemplar.ts = s.exemplar.timestampMs;
    }
    return view;
  });
}
