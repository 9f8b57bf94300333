/** One side (positive or negative) of an exponential histogram: counts of consecutive bucket indexes. */
export interface ExponentialBucketsView {
  readonly offset: number;
  readonly bucketCounts: ArrayLike<number | bigint>;
}

/** The bucket layout of an exponential histogram, an OTLP point's or an accumulated one's. */
export interface ExponentialView {
  readonly scale: number;
  readonly zeroThreshold: number;
  readonly zeroCount: number | bigint;
  readonly positive: ExponentialBucketsView;
  readonly negative: ExponentialBucketsView;
}

/** Classic buckets: upper bounds, strictly ascending, each with the count of values at or below it. */
export interface ClassicBuckets {
  readonly bounds: number[];
  readonly cumulative: number[];
}

/**
 * base^index with base = 2^(2^-scale): the lower bound of positive bucket `index` and the upper
 * bound of bucket `index - 1`. Computed as one power of two so whole powers come out exact.
 */
export function exponentialBound(index: number, scale: number): number {
  return 2 ** (index * 2 ** -scale);
}

/**
 * An exponential histogram as classic cumulative buckets (the `+Inf` bucket is left to the caller,
 * it is the count). Bucket `i` holds values in (base^i, base^(i+1)], so its `le` is base^(i+1);
 * negative bucket `i` holds [-base^(i+1), -base^i), so its `le` is -base^i; the zero bucket's `le`
 * is the zero threshold. A bound that overflows to ±Infinity is skipped (its count goes on to the
 * next bucket or `+Inf`); one that does not ascend, possible only when the zero threshold is wider
 * than the first buckets, joins the bucket before it.
 */
export function classicBuckets(histogram: ExponentialView): ClassicBuckets {
  const buckets: ClassicBuckets = { bounds: [], cumulative: [] };
  const { scale, negative, positive } = histogram;
  let running = 0;
  for (let i = negative.bucketCounts.length - 1; i >= 0; i--) {
    running += Number(negative.bucketCounts[i]!);
    addBucket(buckets, -exponentialBound(negative.offset + i, scale), running);
  }
  running += Number(histogram.zeroCount);
  addBucket(buckets, histogram.zeroThreshold, running);
  for (let i = 0; i < positive.bucketCounts.length; i++) {
    running += Number(positive.bucketCounts[i]!);
    addBucket(buckets, exponentialBound(positive.offset + i + 1, scale), running);
  }
  return buckets;
}

function addBucket({ bounds, cumulative }: ClassicBuckets, bound: number, running: number): void {
  if (!Number.isFinite(bound)) return;
  const last = bounds.length - 1;
  if (last >= 0 && bound <= bounds[last]!) cumulative[last] = running;
  else {
    bounds.push(bound);
    cumulative.push(running);
  }
}
