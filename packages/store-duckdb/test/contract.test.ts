import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeStoreContract, type StoreHarness } from '@braid/store/contract';
import { openDuckDbStore } from '@braid/store-duckdb';

/** Each case gets its own database file in a fresh temporary directory. */
describeStoreContract('duckdb', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'braid-contract-'));
  const path = join(dir, 'braid.duckdb');
  const harness: StoreHarness = {
    store: await openDuckDbStore({ path }),
    async reopen() {
      await harness.store.close();
      harness.store = await openDuckDbStore({ path });
      return harness.store;
    },
    async cleanup() {
      await harness.store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return harness;
});
