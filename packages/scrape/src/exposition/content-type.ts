import type { ExpositionFormat } from './exposition.js';

/** What a scrape asks for, as Prometheus does: OpenMetrics first, then the text format, then anything. */
export const SCRAPE_ACCEPT_HEADER =
  'application/openmetrics-text;version=1.0.0;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.1';

/**
 * The format of a scrape response from its Content-Type. Like Prometheus 2, a missing or unknown
 * type is read as the text format; protobuf, which braid never asks for, is refused.
 */
export function formatOfContentType(contentType: string | null | undefined): ExpositionFormat | undefined {
  const mime = (contentType ?? '').split(';', 1)[0]!.trim().toLowerCase();
  if (mime === 'application/openmetrics-text') return 'openmetrics-text';
  if (mime === 'application/vnd.google.protobuf') return undefined;
  return 'prometheus-text';
}
