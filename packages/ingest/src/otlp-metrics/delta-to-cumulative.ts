import type { ExponentialHistogramDataPoint, HistogramDataPoint } from '@braid/model';
import { addExponential, exponentialCounts, type ExponentialCounts } from './exponential-merge.js';

export interface DeltaToCumulativeOptions {
  /** Streams tracked at most; beyond it the least recently updated ones are forgotten. */
  readonly maxStreams: number;
  /** A stream not updated for this long (wall clock) is forgotten; its next delta starts it anew. */
  readonly maxStaleMs: number;
  /** Buckets per side an accumulated exponential histogram keeps before it is downscaled. */
  readonly maxExponentialBuckets: number;
  /** The wall clock, in milliseconds. */
  readonly now: () => number;
}

export const DEFAULT_DELTA_TO_CUMULATIVE_OPTIONS: DeltaToCumulativeOptions = {
  maxStreams: 100_000,
  maxStaleMs: 5 * 60_000,
  maxExponentialBuckets: 160,
  now: Date.now,
};

interface StreamTimes {
  /** Start of the accumulation, unix ns. */
  start: bigint;
  /** End of the last point added, unix ns. */
  last: bigint;
  /** Wall-clock time of the last update, for expiry. */
  touchedMs: number;
}

/** A delta sum accumulated into a cumulative one. */
export interface SumStream extends StreamTimes {
  readonly kind: 'sum';
  value: number;
}

/** A delta histogram accumulated into a cumulative one. */
export interface HistogramStream extends StreamTimes {
  readonly kind: 'histogram';
  readonly bounds: readonly number[];
  readonly bucketCounts: Float64Array;
  count: number;
  sum: number | undefined;
}

/** A delta exponential histogram accumulated into a cumulative one. */
export interface ExponentialStream extends StreamTimes, ExponentialCounts {
  readonly kind: 'exponential';
  count: number;
  sum: number | undefined;
}

type Stream = SumStream | HistogramStream | ExponentialStream;

/** How many streams the state holds and how many it has let go. */
export interface DeltaToCumulativeStats {
  streams: number;
  evicted: number;
  expired: number;
}

/**
 * Delta temporality turned into cumulative, per stream, as the Collector's deltatocumulative
 * processor does: a stream's first point starts it; each later point is added when it ends after
 * the last one (else it is refused as out of order) and does not start before the stream did
 * (else it belongs to an older stream and is refused). A point that starts after the last one ended
 * means the producer restarted or skipped, so the stream starts again from it: Prometheus sees a
 * counter reset, which rate() handles. A point with no start time (0) is taken as consecutive.
 *
 * Memory is bounded: at most `maxStreams` streams, the least recently updated evicted first, and
 * streams idle for `maxStaleMs` of wall-clock time expire. Wall clock rather than data time because
 * expiry is about memory held for producers that went away, and producers' clocks disagree.
 * Methods return the updated stream, or why the point was refused.
 */
export class DeltaToCumulative {
  private readonly options: DeltaToCumulativeOptions;
  // A Map iterates in insertion order; re-inserting on update keeps it least recently updated first.
  private readonly streams = new Map<string, Stream>();
  private evicted = 0;
  private expired = 0;

  constructor(options: Partial<DeltaToCumulativeOptions> = {}) {
    this.options = { ...DEFAULT_DELTA_TO_CUMULATIVE_OPTIONS, ...options };
  }

  /** Adds a delta sum point. */
  sum(key: string, start: bigint, time: bigint, value: number): Readonly<SumStream> | string {
    const found = this.continuing(key, start, time);
    if (typeof found === 'string') return found;
    if (found?.kind !== 'sum') return this.store(key, { kind: 'sum', start, last: time, touchedMs: 0, value });
    found.value += value;
    return this.update(key, found, time);
  }

  /** Adds a delta histogram point; its bounds must be the stream's. */
  histogram(key: string, point: HistogramDataPoint): Readonly<HistogramStream> | string {
    const found = this.continuing(key, point.startTimeUnixNano, point.timeUnixNano);
    if (typeof found === 'string') return found;
    if (found?.kind !== 'histogram') {
      return this.store(key, {
        kind: 'histogram',
        start: point.startTimeUnixNano,
        last: point.timeUnixNano,
        touchedMs: 0,
        bounds: point.explicitBounds,
        bucketCounts: Float64Array.from(point.bucketCounts, Number),
        count: Number(point.count),
        sum: point.sum,
      });
    }
    if (!sameBounds(found.bounds, point.explicitBounds) || found.bucketCounts.length !== point.bucketCounts.length) {
      return `bucket bounds [${point.explicitBounds.join(', ')}] differ from the stream's [${found.bounds.join(', ')}]`;
    }
    for (let i = 0; i < point.bucketCounts.length; i++) found.bucketCounts[i] = found.bucketCounts[i]! + Number(point.bucketCounts[i]!);
    found.count += Number(point.count);
    found.sum = found.sum === undefined || point.sum === undefined ? undefined : found.sum + point.sum;
    return this.update(key, found, point.timeUnixNano);
  }

  /** Adds a delta exponential histogram point; its zero threshold must be the stream's. */
  exponential(key: string, point: ExponentialHistogramDataPoint): Readonly<ExponentialStream> | string {
    const found = this.continuing(key, point.startTimeUnixNano, point.timeUnixNano);
    if (typeof found === 'string') return found;
    if (found?.kind !== 'exponential') {
      const counts = exponentialCounts(point);
      const stream: ExponentialStream = { kind: 'exponential', start: point.startTimeUnixNano, last: point.timeUnixNano, touchedMs: 0, count: Number(point.count), sum: point.sum, ...counts };
      // A first point may be wider than the cap too.
      addExponential(stream, { ...counts, zeroCount: 0, positive: EMPTY_SIDE, negative: EMPTY_SIDE }, this.options.maxExponentialBuckets);
      return this.store(key, stream);
    }
    if (found.zeroThreshold !== point.zeroThreshold) return `zero threshold ${point.zeroThreshold} differs from the stream's ${found.zeroThreshold}`;
    addExponential(found, point, this.options.maxExponentialBuckets);
    found.count += Number(point.count);
    found.sum = found.sum === undefined || point.sum === undefined ? undefined : found.sum + point.sum;
    return this.update(key, found, point.timeUnixNano);
  }

  /** Forgets a stream, as when its producer says it went stale. */
  forget(key: string): void {
    this.streams.delete(key);
  }

  /** Forgets streams idle longer than `maxStaleMs`. */
  expire(): void {
    const cutoff = this.options.now() - this.options.maxStaleMs;
    for (const [key, stream] of this.streams) {
      if (stream.touchedMs >= cutoff) break;
      this.streams.delete(key);
      this.expired++;
    }
  }

  /** Counts, for self-monitoring and tests. */
  stats(): DeltaToCumulativeStats {
    return { streams: this.streams.size, evicted: this.evicted, expired: this.expired };
  }

  /** The stream a point continues, undefined when it starts one, or why it is refused. */
  private continuing(key: string, start: bigint, time: bigint): Stream | undefined | string {
    const stream = this.streams.get(key);
    if (stream === undefined) return undefined;
    if (time <= stream.last) return `out of order: delta point ending at ${time} ns is not after the stream's last point at ${stream.last} ns`;
    if (start === 0n) return stream;
    if (start < stream.start) return `delta point starting at ${start} ns is older than the stream, which starts at ${stream.start} ns`;
    return start > stream.last ? undefined : stream;
  }

  private store<S extends Stream>(key: string, stream: S): S {
    stream.touchedMs = this.options.now();
    this.streams.delete(key);
    this.streams.set(key, stream);
    if (this.streams.size > this.options.maxStreams) {
      for (const oldest of this.streams.keys()) {
        if (this.streams.size <= this.options.maxStreams) break;
        this.streams.delete(oldest);
        this.evicted++;
      }
    }
    return stream;
  }

  private update<S extends Stream>(key: string, stream: S, time: bigint): S {
    stream.last = time;
    stream.touchedMs = this.options.now();
    this.streams.delete(key);
    this.streams.set(key, stream);
    return stream;
  }
}

const EMPTY_SIDE = { offset: 0, bucketCounts: [] } as const;

function sameBounds(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
