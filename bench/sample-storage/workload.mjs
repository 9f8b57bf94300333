// Generated metric series like a fleet of services scraped every interval: counters that grow by
// small increments, memory gauges that move in 4 KiB pages, and classic histogram buckets
// (counters that grow together). Timestamps sit exactly on the interval, as Prometheus stores
// them (it snaps scrape times within 2 ms of the schedule). Seeded, so every run and every peer
// sees the same data.
import { rng } from '../ingest/workload.mjs';

export function metricSeries(count, points, startMs, intervalMs, seed = 7) {
  const random = rng(seed);
  const out = [];
  for (let s = 0; s < count; s++) {
    const kind = s % 10 < 4 ? 'counter' : s % 10 < 7 ? 'gauge' : 'bucket';
    const job = `job-${s % 20}`;
    // job and instance together name each series once, so no two series share a label set.
    const instance = `host-${Math.floor(s / 20)}:9100`;
    const name = kind === 'counter' ? 'http_requests_total' : kind === 'gauge' ? 'process_resident_memory_bytes' : 'http_request_duration_seconds_bucket';
    const labels = [
      { name: '__name__', value: name },
      { name: 'instance', value: instance },
      { name: 'job', value: job },
      ...(kind === 'bucket' ? [{ name: 'le', value: String([0.1, 0.5, 1, 5, '+Inf'][s % 5]) }] : [{ name: 'series', value: String(s) }]),
    ].sort((a, b) => (a.name < b.name ? -1 : 1));
    const timestampsMs = new Float64Array(points);
    const values = new Float64Array(points);
    let value = kind === 'gauge' ? 4096 * Math.floor(5e4 + random() * 2.5e4) : Math.floor(random() * 1000);
    const rate = 1 + Math.floor(random() * 20);
    for (let i = 0; i < points; i++) {
      timestampsMs[i] = startMs + i * intervalMs;
      if (kind === 'gauge') value += 4096 * Math.floor((random() - 0.5) * 64);
      else value += Math.floor(random() * rate);
      values[i] = value;
    }
    out.push({ labels, timestampsMs, values });
  }
  return out;
}
