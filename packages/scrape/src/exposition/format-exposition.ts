import type { Labels, MetricMetadata } from '@braid/model';
import type { ExposedExemplar, ExpositionFormat } from './exposition.js';

/** A sample to write: what `parseExposition` reads back. */
export interface SampleToFormat {
  readonly labels: Labels;
  readonly value: number;
  readonly timestampMs: number | undefined;
  readonly exemplar?: ExposedExemplar | undefined;
}

/** What to write: metadata lines first, then the samples in order. */
export interface ExpositionToFormat {
  readonly metadata: readonly MetricMetadata[];
  readonly samples: readonly SampleToFormat[];
}

/**
 * Writes an exposition in either text format. The text format has no units or exemplars, so
 * those are left out of it; OpenMetrics gets its closing `# EOF`.
 */
export function formatExposition(exposition: ExpositionToFormat, format: ExpositionFormat): string {
  const om = format === 'openmetrics-text';
  let out = '';
  for (const m of exposition.metadata) {
    if (m.help !== '') out += `# HELP ${m.metricFamilyName} ${escapeHelp(m.help, om)}\n`;
    out += `# TYPE ${m.metricFamilyName} ${!om && !TEXT_TYPES.has(m.type) ? 'untyped' : m.type}\n`;
    if (om && m.unit !== '') out += `# UNIT ${m.metricFamilyName} ${m.unit}\n`;
  }
  for (const sample of exposition.samples) {
    out += `${formatSeries(sample.labels)} ${formatValue(sample.value)}`;
    if (sample.timestampMs !== undefined) out += ` ${om ? formatSeconds(sample.timestampMs) : String(sample.timestampMs)}`;
    const exemplar = sample.exemplar;
    if (om && exemplar) {
      out += ` # ${formatLabelSet(exemplar.labels)} ${formatValue(exemplar.value)}`;
      if (exemplar.timestampMs !== undefined) out += ` ${formatSeconds(exemplar.timestampMs)}`;
    }
    out += '\n';
  }
  return om ? `${out}# EOF\n` : out;
}

const TEXT_TYPES: ReadonlySet<string> = new Set(['counter', 'gauge', 'histogram', 'summary']);

function formatSeries(labels: Labels): string {
  const name = labels.find((l) => l.name === '__name__')?.value ?? '';
  const rest = labels.filter((l) => l.name !== '__name__');
  return rest.length === 0 ? name : `${name}${formatLabelSet(rest)}`;
}

function formatLabelSet(labels: Labels): string {
  return `{${labels.map((l) => `${l.name}="${escapeLabelValue(l.value)}"`).join(',')}}`;
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return Object.is(value, -0) ? '-0' : String(value);
}

/** Unix milliseconds as OpenMetrics' float seconds, exactly. */
function formatSeconds(ms: number): string {
  const abs = Math.abs(ms);
  return `${ms < 0 ? '-' : ''}${Math.floor(abs / 1000)}.${String(abs % 1000).padStart(3, '0')}`;
}

function escapeLabelValue(value: string): string {
  return value.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

function escapeHelp(help: string, om: boolean): string {
  return help.replace(om ? /[\\"\n]/g : /[\\\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}
