import { describe, expect, it } from 'vitest';
import { DEFAULT_TENANT, isDomainError, type TracesData } from '@braid/model';
import type { Store, WriteBatch, WriteItem } from '@braid/store';
import { GroupCommit } from '../src/pipeline/group-commit.js';

/**
 * A unit test of the pipeline's own logic (grouping, bounds, isolation of failures), so the store
 * here is a recorder whose commits the test releases by hand. Integration tests use the real DuckDB.
 */
class RecordingStore {
  readonly commits: WriteBatch[] = [];
  private gates: (() => void)[] = [];
  failWhen: (batch: WriteBatch) => boolean = () => false;

  append(batch: WriteBatch): Promise<void> {
    return new Promise((resolve, reject) => {
      this.gates.push(() => {
        if (this.failWhen(batch)) reject(new Error('disk on fire'));
        else {
          this.commits.push(batch);
          resolve();
        }
      });
    });
  }

  /** Lets every commit started so far finish. */
  async release(): Promise<void> {
    while (this.gates.length > 0) {
      for (const gate of this.gates.splice(0)) gate();
      await new Promise((r) => setImmediate(r));
    }
  }
}

function traces(spans: number, name = 'op'): WriteItem {
  const span = { name } as TracesData['resourceSpans'][number]['scopeSpans'][number]['spans'][number];
  const data: TracesData = {
    resourceSpans: [{ resource: { attributes: [], droppedAttributesCount: 0 }, schemaUrl: '', scopeSpans: [{ scope: { name: '', version: '', attributes: [], droppedAttributesCount: 0 }, schemaUrl: '', spans: Array(spans).fill(span) }] }],
  };
  return { kind: 'traces', tenant: DEFAULT_TENANT, data };
}

function setup(maxQueuedItems = 100, maxBatchItems = 50) {
  const store = new RecordingStore();
  const commit = new GroupCommit(store as unknown as Store, { maxQueuedItems, maxBatchItems, retryAfterSeconds: 2 });
  return { store, commit };
}

describe('GroupCommit', () => {
  it('writes requests that arrive during a commit together in the next one', async () => {
    const { store, commit } = setup();
    const first = commit.submit([traces(1)]);
    const rest = [commit.submit([traces(2)]), commit.submit([traces(3)])];
    await store.release();
    await Promise.all([first, ...rest]);
    expect(store.commits.map((b) => b.length)).toEqual([1, 2]);
    expect(commit.stats()).toMatchObject({ commits: 2, committedRequests: 3, committedItems: 6, queuedItems: 0 });
  });

  it('resolves a request only after the commit that holds it', async () => {
    const { store, commit } = setup();
    let acknowledged = false;
    const pending = commit.submit([traces(1)]).then(() => (acknowledged = true));
    await new Promise((r) => setImmediate(r));
    expect(acknowledged).toBe(false);
    await store.release();
    await pending;
    expect(acknowledged).toBe(true);
  });

  it('bounds a commit by maxBatchItems', async () => {
    const { store, commit } = setup(1000, 50);
    const blocker = commit.submit([traces(1)]);
    const queued = [commit.submit([traces(30)]), commit.submit([traces(30)]), commit.submit([traces(30)])];
    await store.release();
    await Promise.all([blocker, ...queued]);
    expect(store.commits.map((b) => b.length)).toEqual([1, 1, 1, 1]);
  });

  it('refuses with LimitExceeded and Retry-After when the queue is full', async () => {
    const { store, commit } = setup(10, 50);
    const accepted = commit.submit([traces(8)]);
    const refused = commit.submit([traces(5)]);
    await expect(refused).rejects.toSatisfy((e: unknown) => isDomainError(e, 'LimitExceeded') && e.retryAfterSeconds === 2);
    await store.release();
    await accepted;
    expect(commit.stats().refusedRequests).toBe(1);
  });

  it('admits an oversized request into an empty queue', async () => {
    const { store, commit } = setup(10, 50);
    const big = commit.submit([traces(40)]);
    await store.release();
    await expect(big).resolves.toBeUndefined();
  });

  it('fails only the request that breaks a shared commit', async () => {
    const { store, commit } = setup();
    store.failWhen = (batch) => batch.some((item) => item.kind === 'traces' && item.data.resourceSpans[0]!.scopeSpans[0]!.spans[0]!.name === 'poison');
    const blocker = commit.submit([traces(1)]);
    const good = commit.submit([traces(2)]);
    const poison = commit.submit([traces(1, 'poison')]).catch((e: unknown) => e);
    const alsoGood = commit.submit([traces(3)]);
    await store.release();
    await blocker;
    await expect(good).resolves.toBeUndefined();
    await expect(alsoGood).resolves.toBeUndefined();
    const error = await poison;
    expect(isDomainError(error, 'Unavailable') && /disk on fire/.test(error.message)).toBe(true);
    expect(store.commits.flat()).toHaveLength(3);
  });

  it('commits exemplars and metadata that come without samples, and skips requests with nothing', async () => {
    const { store, commit } = setup();
    const metadataOnly: WriteItem = {
      kind: 'samples',
      tenant: DEFAULT_TENANT,
      data: { series: [], exemplars: [], metadata: [{ metricFamilyName: 'm', type: 'gauge', help: '', unit: '' }] },
    };
    const empty: WriteItem = { kind: 'samples', tenant: DEFAULT_TENANT, data: { series: [], exemplars: [], metadata: [] } };
    const pending = [commit.submit([metadataOnly]), commit.submit([empty])];
    await store.release();
    await Promise.all(pending);
    expect(store.commits).toEqual([[metadataOnly]]);
  });

  it('commits everything queued before close resolves, and refuses afterwards', async () => {
    const { store, commit } = setup();
    const pending = [commit.submit([traces(1)]), commit.submit([traces(1)])];
    const closed = commit.close();
    await expect(commit.submit([traces(1)])).rejects.toSatisfy((e: unknown) => isDomainError(e, 'Unavailable'));
    await store.release();
    await Promise.all([closed, ...pending]);
    expect(store.commits.flat()).toHaveLength(2);
  });
});
