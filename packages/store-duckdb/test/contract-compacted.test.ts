import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '@braid/store';
import { describeStoreContract, type StoreHarness } from '@braid/store/contract';
import { openDuckDbStore, type DuckDbStore } from '@braid/store-duckdb';

/**
 * The contract again, with every sample read back out of XOR chunks: after each append the
 * store compacts all of its head, so later appends to the same series and times go through the
 * late-sample merge (decode, last write wins, re-encode) and every read through chunk decoding.
 */
function compactingAfterEachAppend(store: DuckDbStore): Store {
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'append') {
        return async (...args: Parameters<Store['append']>) => {
          await target.append(...args);
          await target.compactSamples({ all: true });
        };
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describeStoreContract('duckdb, samples compacted after every append', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'braid-contract-chunks-'));
  const path = join(dir, 'braid.duckdb');
  const open = async () => compactingAfterEachAppend(await openDuckDbStore({ path, sampleWindowMs: 1000, sampleGraceMs: 0 }));
  const harness: StoreHarness = {
    store: await open(),
    async reopen() {
      await harness.store.close();
      harness.store = await open();
      return harness.store;
    },
    async cleanup() {
      await harness.store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return harness;
});
