/*
 * Which bit window each XORed value is written in. The format lets the encoder either reuse the
 * previous window ('10' + its width in bits) or open a new one ('11' + 5 bits of leading zeros
 * + 6 bits of width + the bits), as long as every set bit of the XOR falls inside the window.
 * Prometheus opens a window exactly around a value's XOR whenever the previous one does not fit
 * it, and reuses any window that does, however much wider. Choosing the windows for the whole
 * chunk at once by dynamic programming writes the same format in fewer bits: 1.36 → 1.08 value
 * bytes per sample on bench/sample-storage's workload (steady counters and gauges), 2.63 → 2.38
 * on noisier floats. Any XOR chunk decoder, Prometheus' included, reads the result unchanged.
 *
 * States are windows (leading, trailing) built from the leading and trailing zero counts seen in
 * the chunk: an optimal window over a stretch of values is the tightest one around them, whose
 * bounds are some value's own. Cost per value: 2 + width to reuse, 13 + width to open.
 */

/** Beyond this many candidate windows the plan falls back to Prometheus' rule (bounded work per chunk). */
const MAX_STATES = 1024;
const NEVER = 0x3fffffff;

/** A window per nonzero XOR, in order, and whether it opens there. */
export interface WindowPlan {
  readonly leading: Uint8Array;
  readonly trailing: Uint8Array;
  readonly opens: Uint8Array;
}

let choices = new Uint8Array(1 << 16);

/**
 * Plans windows for XORs with the given leading (≤ 31) and trailing zero counts, the zero
 * XORs left out. Returns undefined when there are too many candidate windows to plan cheaply.
 */
export function planWindows(leads: Uint8Array, trails: Uint8Array, count: number): WindowPlan | undefined {
  if (count === 0) return { leading: leads, trailing: trails, opens: new Uint8Array(0) };
  const leadValues = distinctSorted(leads, count);
  const trailValues = distinctSorted(trails, count);
  const states = leadValues.length * trailValues.length;
  if (states > MAX_STATES) return undefined;
  const width = new Int32Array(states);
  for (let a = 0; a < leadValues.length; a++) {
    for (let b = 0; b < trailValues.length; b++) width[a * trailValues.length + b] = 64 - leadValues[a]! - trailValues[b]!;
  }
  if (choices.length < states * count) choices = new Uint8Array(2 * states * count);
  const cameFrom = new Int32Array(count);
  const trailCount = trailValues.length;
  let cost = new Int32Array(states);
  let next = new Int32Array(states);
  let best = 0;
  let bestState = -1;
  // The windows that held the previous XOR, a rectangle of both sorted lists; all others cost NEVER.
  let [heldLeads, heldTrails] = [0, 0];
  for (let k = 0; k < count; k++) {
    // Windows that hold this XOR: leading ≤ its leading zeros and trailing ≤ its trailing zeros.
    // Both are at most 63 together for a nonzero XOR, so every such window is at least one bit wide.
    const fitLeads = upTo(leadValues, leads[k]!);
    const fitTrails = upTo(trailValues, trails[k]!);
    let nextBest = NEVER;
    let nextBestState = -1;
    const row = k * states;
    const open = best + 13;
    for (let a = 0; a < fitLeads; a++) {
      const held = a < heldLeads ? heldTrails : 0;
      for (let b = 0; b < fitTrails; b++) {
        const s = a * trailCount + b;
        const w = width[s]!;
        const keep = b < held ? cost[s]! + 2 : NEVER;
        let c = keep;
        if (open <= keep) {
          c = open;
          choices[row + s] = 1;
        } else choices[row + s] = 0;
        c += w;
        next[s] = c;
        if (c < nextBest) {
          nextBest = c;
          nextBestState = s;
        }
      }
    }
    cameFrom[k] = bestState;
    const done = cost;
    cost = next;
    next = done;
    best = nextBest;
    bestState = nextBestState;
    heldLeads = fitLeads;
    heldTrails = fitTrails;
  }
  const plan = { leading: new Uint8Array(count), trailing: new Uint8Array(count), opens: new Uint8Array(count) };
  let s = bestState;
  for (let k = count - 1; k >= 0; k--) {
    plan.leading[k] = leadValues[Math.floor(s / trailValues.length)]!;
    plan.trailing[k] = trailValues[s % trailValues.length]!;
    if (choices[k * states + s]) {
      plan.opens[k] = 1;
      s = cameFrom[k]!;
    }
  }
  return plan;
}

function distinctSorted(values: Uint8Array, count: number): number[] {
  const seen = new Uint8Array(65);
  for (let i = 0; i < count; i++) seen[values[i]!] = 1;
  const out: number[] = [];
  for (let v = 0; v <= 64; v++) if (seen[v]) out.push(v);
  return out;
}

/** How many of the sorted values are ≤ limit. */
function upTo(sorted: readonly number[], limit: number): number {
  let n = 0;
  while (n < sorted.length && sorted[n]! <= limit) n++;
  return n;
}
