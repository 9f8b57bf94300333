import type { Labels, MetricMetadata } from '@braid/model';

/** The two text formats a target may answer with. */
export type ExpositionFormat = 'prometheus-text' | 'openmetrics-text';

/** An OpenMetrics exemplar as exposed: its labels still hold `trace_id`/`span_id`. */
export interface ExposedExemplar {
  readonly labels: Labels;
  readonly value: number;
  /** Unix milliseconds, or undefined when the exposition gives none. */
  readonly timestampMs: number | undefined;
}

/** One sample line of an exposition. */
export interface ExposedSample {
  /** The series text as exposed (name and label set), a cheap key for caches across scrapes. */
  readonly series: string;
  /** Sorted labels including `__name__`; empty label values are dropped. */
  readonly labels: Labels;
  readonly value: number;
  /** Unix milliseconds, or undefined when the line carries no timestamp. */
  readonly timestampMs: number | undefined;
  readonly exemplar: ExposedExemplar | undefined;
}

/** What a scrape body holds: samples in exposition order and metadata per metric family. */
export interface Exposition {
  readonly samples: readonly ExposedSample[];
  readonly metadata: readonly MetricMetadata[];
}

/** Why a body could not be parsed; `line` is 1-based. */
export interface ExpositionError {
  readonly line: number;
  readonly message: string;
}

export type ExpositionResult = { readonly ok: true; readonly value: Exposition } | { readonly ok: false; readonly error: ExpositionError };
