// Child of run.mjs: appends N spans to the store at PATH, then dies by SIGKILL without closing,
// leaving everything since the last checkpoint in the WAL for the parent to time the replay.
import { openDuckDbStore } from '../../packages/store-duckdb/dist/index.js';
import { rng, tracesRequest } from '../ingest/workload.mjs';

const [path, count] = [process.argv[2], Number(process.argv[3])];
const store = await openDuckDbStore({ path });
const random = rng(7);
for (let sent = 0; sent < count; sent += 10_000) {
  const batch = Array.from({ length: 20 }, (_, i) => ({ kind: 'traces', tenant: 'default', data: tracesRequest(random, 500, 1_700_000_000_000 + sent + i * 500) }));
  await store.append(batch);
}
process.kill(process.pid, 'SIGKILL');
