import type { Label, Labels, MetricMetadata, SeriesExemplar, SeriesSamples } from '@braid/model';
import { DecodeFailure, WireReader, decodeSafely, skipField, within, type DecodeResult } from '@braid/otlp';
import { decodeExemplar, type SeriesExemplarDraft } from './exemplars.js';
import { decodeMetadata } from './metric-metadata.js';
import { readMillis } from './millis.js';
import { SampleColumns } from './sample-columns.js';
import { decodeLabel, seriesLabels } from './series-labels.js';
import { SAMPLE, TIME_SERIES, WRITE_REQUEST } from './wire-schemas.js';
import type { RemoteWriteRequest } from './write-request.js';

/**
 * Decodes a `prometheus.WriteRequest` (remote-write 1.0, after snappy). Refuses the whole request
 * when any series breaks the spec's label rules, as a receiver answering 400 must not have
 * written part of it; the error names the series and the problem.
 */
export function decodeWriteRequest(bytes: Uint8Array): DecodeResult<RemoteWriteRequest> {
  return decodeSafely(readWriteRequest, bytes);
}

function readWriteRequest(bytes: Uint8Array): RemoteWriteRequest {
  const r = new WireReader(bytes);
  const request = new RequestBuilder();
  const metadata: MetricMetadata[] = [];
  let metadataCount = 0;
  while (r.pos < r.length) {
    const tag = r.uint32();
    if (tag === 0x0a) decodeTimeSeries(r, request);
    else if (tag === 0x1a) decodeMetadata(r, metadata, metadataCount++);
    else skipField(r, tag, WRITE_REQUEST);
  }
  return request.finish(metadata);
}

/** Series of one request: labels and sample ranges are kept until the sample columns stop growing. */
class RequestBuilder {
  readonly samples = new SampleColumns();
  private readonly labels: Labels[] = [];
  private readonly starts: number[] = [];
  private readonly exemplars: SeriesExemplar[] = [];
  timeseries = 0;

  add(labels: Labels, firstSample: number, exemplars: readonly SeriesExemplarDraft[] | undefined): void {
    this.timeseries++;
    if (exemplars) for (const e of exemplars) this.exemplars.push({ seriesLabels: labels, ...e });
    if (this.samples.length === firstSample) return;
    this.labels.push(labels);
    this.starts.push(firstSample);
  }

  finish(metadata: readonly MetricMetadata[]): RemoteWriteRequest {
    const series: SeriesSamples[] = new Array<SeriesSamples>(this.labels.length);
    for (let i = 0; i < series.length; i++) {
      const start = this.starts[i]!;
      const end = i + 1 < series.length ? this.starts[i + 1]! : this.samples.length;
      series[i] = { labels: this.labels[i]!, timestampsMs: this.samples.timestampsOf(start, end), values: this.samples.valuesOf(start, end) };
    }
    return { series, exemplars: this.exemplars, metadata };
  }
}

function decodeTimeSeries(r: WireReader, request: RequestBuilder): void {
  try {
    const end = r.delimitedEnd();
    const labels: Label[] = [];
    const firstSample = request.samples.length;
    let exemplars: SeriesExemplarDraft[] | undefined;
    while (r.pos < end) {
      const tag = r.uint32();
      if (tag === 0x0a) decodeLabel(r, labels);
      else if (tag === 0x12) decodeSample(r, request.samples, firstSample);
      else if (tag === 0x1a) decodeExemplar(r, (exemplars ??= []));
      else if (tag === 0x22) throw new DecodeFailure('native histograms are not supported: send float samples (Prometheus: send_native_histograms: false)');
      else skipField(r, tag, TIME_SERIES);
    }
    r.finish(end);
    request.add(seriesLabels(labels), firstSample, exemplars);
  } catch (error) {
    throw within(error, 'timeseries', request.timeseries);
  }
}

/** Reads one `samples` entry: the value's 8 bytes are copied as they are (see SampleColumns). */
function decodeSample(r: WireReader, samples: SampleColumns, firstSample: number): void {
  try {
    const end = r.delimitedEnd();
    let timestampMs = 0;
    let valueAt = -1;
    while (r.pos < end) {
      const tag = r.uint32();
      if (tag === 0x09) {
        valueAt = r.pos;
        r.skip(tag);
      } else if (tag === 0x10) timestampMs = readMillis(r);
      else skipField(r, tag, SAMPLE);
    }
    r.finish(end);
    samples.push(timestampMs, r.buf, valueAt);
  } catch (error) {
    throw within(error, 'samples', samples.length - firstSample);
  }
}
