import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBraid, type BraidHarness } from './support/braid-harness.js';

let harness: BraidHarness;
beforeAll(async () => {
  // A queue of 50 items: a few concurrent 40-span requests are enough to fill it.
  harness = await startTestBraid(['--ingest-queue-items', '50']);
});
afterAll(async () => harness?.dispose());

function exportOf(traceId: string, spans: number): string {
  const now = String(BigInt(Date.now()) * 1_000_000n);
  const list = Array.from({ length: spans }, () => ({ traceId, spanId: randomBytes(8).toString('hex'), name: 'op', startTimeUnixNano: now, endTimeUnixNano: now }));
  return JSON.stringify({ resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ spans: list }] }] });
}

describe('flow control', () => {
  it('answers 429 with Retry-After when the ingest queue is full, and keeps every acknowledged request', async () => {
    const ids = Array.from({ length: 60 }, () => randomBytes(16).toString('hex'));
    const responses = await Promise.all(
      ids.map(async (id) => {
        const r = await fetch(`${harness.httpUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: exportOf(id, 40) });
        return { id, status: r.status, retryAfter: r.headers.get('retry-after'), body: await r.text() };
      }),
    );
    const refused = responses.filter((r) => r.status === 429);
    const accepted = responses.filter((r) => r.status === 200);
    expect(refused.length).toBeGreaterThan(0);
    expect(accepted.length).toBeGreaterThan(0);
    expect(accepted.length + refused.length).toBe(ids.length);
    for (const r of refused) {
      expect(r.retryAfter).toBe('1');
      expect(JSON.parse(r.body)).toMatchObject({ code: 8, message: expect.stringMatching(/queue is full/) });
    }
    const reads = await Promise.all(accepted.map((r) => fetch(`${harness.httpUrl}/api/traces/${r.id}`).then((x) => x.status)));
    expect(reads.every((s) => s === 200)).toBe(true);
    expect(harness.braid.commit.stats().refusedRequests).toBe(refused.length);
  });
});
