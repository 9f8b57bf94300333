// The peers benchmark workload: `m`, a counter per (job, instance, series), and `h_bucket`,
// cumulative classic histogram buckets per (service, instance, le); together `count` series
// scraped every interval. Timestamps sit exactly on the interval. Seeded, so every system
// receives the same samples.
import { rng } from '../ingest/workload.mjs';

export const QUERIES = {
  rate: 'sum by (job) (rate(m[5m]))',
  histogramQuantile: 'histogram_quantile(0.99, sum by (le, service) (rate(h_bucket[5m])))',
};

const BOUNDS = ['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '+Inf'];

export function peerWorkload(count, points, startMs, intervalMs, seed = 11) {
  const random = rng(seed);
  const timestampsMs = Float64Array.from({ length: points }, (_, i) => startMs + i * intervalMs);
  const out = [];
  const counters = Math.floor(count / 2);
  for (let s = 0; s < counters; s++) {
    const rate = 1 + Math.floor(random() * 50);
    const values = new Float64Array(points);
    let value = Math.floor(random() * 1000);
    for (let i = 0; i < points; i++) values[i] = value += Math.floor(random() * rate);
    out.push({ labels: sorted({ __name__: 'm', job: `job-${s % 10}`, instance: `host-${s % 50}:9100`, series: String(s) }), timestampsMs, values });
  }
  for (let h = 0; out.length < count; h++) {
    const buckets = BOUNDS.map(() => new Float64Array(points));
    const bins = new Float64Array(BOUNDS.length);
    for (let i = 0; i < points; i++) {
      // Observations of this scrape land mostly in the middle buckets.
      for (let b = 0; b < BOUNDS.length; b++) bins[b] += Math.floor(random() * (b < 2 || b > 7 ? 2 : 10));
      let cumulative = 0;
      for (let b = 0; b < BOUNDS.length; b++) buckets[b][i] = cumulative += bins[b];
    }
    BOUNDS.forEach((le, b) => {
      if (out.length < count) out.push({ labels: sorted({ __name__: 'h_bucket', service: `svc-${h % 20}`, instance: `host-${h}:8080`, le }), timestampsMs, values: buckets[b] });
    });
  }
  return out;
}

function sorted(record) {
  return Object.keys(record)
    .sort()
    .map((name) => ({ name, value: record[name] }));
}
