import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeExportResponseProtobuf,
  decodeLogsJson,
  decodeLogsProtobuf,
  decodeMetricsJson,
  decodeMetricsProtobuf,
  decodeStatusJson,
  decodeStatusProtobuf,
  decodeTracesJson,
  decodeTracesProtobuf,
  encodeLogsJson,
  encodeLogsProtobuf,
  encodeMetricsJson,
  encodeMetricsProtobuf,
  encodeTracesJson,
  encodeTracesProtobuf,
  type DecodeResult,
} from '@braid/otlp';
import { modelArbitraries } from './support/arbitraries.js';
import { len } from './support/wire-bytes.js';

// Hostile input: decoders return a result for anything, and a failed result always says why.

const MODEL = modelArbitraries({ negativeZero: true });

/** A DecodeResult that is either a value or an error with a message: never a throw, never an empty message. */
function expectResult(result: DecodeResult<unknown>): void {
  expect(typeof result.ok).toBe('boolean');
  if (!result.ok) {
    expect(typeof result.error.message).toBe('string');
    expect(result.error.message.length).toBeGreaterThan(0);
  }
}

interface ProtobufCase<T> {
  readonly decode: (bytes: Uint8Array) => DecodeResult<T>;
  readonly encode: (data: T) => Uint8Array;
  readonly data: fc.Arbitrary<T>;
  /** The same data cut to its first resource: one top-level field, so no proper prefix is itself a valid message. */
  readonly firstResource: (data: T) => T | undefined;
}

function survivesHostileBytes<T>({ decode, encode, data, firstResource }: ProtobufCase<T>): void {
  const payload = data.map(encode);
  const reencode = (bytes: Uint8Array) => {
    const result = decode(bytes);
    expectResult(result);
    // Whatever decodes is well-formed model data: it encodes and decodes to itself.
    if (result.ok) expect(decode(encode(result.value))).toEqual(result);
  };

  it('returns a result for random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), reencode), { numRuns: 2000 });
  });

  it('returns a result for valid payloads with one bit flipped', () => {
    fc.assert(
      fc.property(
        payload.filter((b) => b.length > 0),
        fc.nat(),
        fc.nat({ max: 7 }),
        (bytes, at, bit) => {
          const flipped = bytes.slice();
          flipped[at % flipped.length]! ^= 1 << bit;
          reencode(flipped);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('refuses every truncation of a valid one-resource payload, naming the truncation', () => {
    const single = data.map(firstResource).filter((d): d is T => d !== undefined).map(encode);
    fc.assert(
      fc.property(single, fc.nat(), (bytes, cut) => {
        const result = decode(bytes.subarray(0, 1 + (cut % (bytes.length - 1))));
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.error.message).toMatch(/truncated message at byte \d+/);
      }),
      { numRuns: 500 },
    );
  });
}

describe('protobuf traces decoder on hostile bytes', () => {
  survivesHostileBytes({
    decode: decodeTracesProtobuf,
    encode: encodeTracesProtobuf,
    data: MODEL.traces,
    firstResource: (d) => (d.resourceSpans.length > 0 ? { resourceSpans: d.resourceSpans.slice(0, 1) } : undefined),
  });
});

describe('protobuf logs decoder on hostile bytes', () => {
  survivesHostileBytes({
    decode: decodeLogsProtobuf,
    encode: encodeLogsProtobuf,
    data: MODEL.logs,
    firstResource: (d) => (d.resourceLogs.length > 0 ? { resourceLogs: d.resourceLogs.slice(0, 1) } : undefined),
  });
});

describe('protobuf metrics decoder on hostile bytes', () => {
  survivesHostileBytes({
    decode: decodeMetricsProtobuf,
    encode: encodeMetricsProtobuf,
    data: MODEL.metrics,
    firstResource: (d) => (d.resourceMetrics.length > 0 ? { resourceMetrics: d.resourceMetrics.slice(0, 1) } : undefined),
  });
});

describe('protobuf responses and statuses on random bytes', () => {
  it('return a result', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        expectResult(decodeExportResponseProtobuf(bytes));
        expectResult(decodeStatusProtobuf(bytes));
      }),
      { numRuns: 1000 },
    );
  });
});

const JSON_DECODERS = [
  { name: 'traces', decode: decodeTracesJson, valid: MODEL.traces.map((d) => encodeTracesJson(d)) },
  { name: 'logs', decode: decodeLogsJson, valid: MODEL.logs.map((d) => encodeLogsJson(d)) },
  { name: 'metrics', decode: decodeMetricsJson, valid: MODEL.metrics.map((d) => encodeMetricsJson(d)) },
] as const;

/** Replaces the value at one path of a JSON tree. */
function replaceAt(tree: unknown, index: number, replacement: unknown): unknown {
  const nodes: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach((child, i) => (nodes.push({ parent: node, key: i }), walk(child)));
    else if (typeof node === 'object' && node !== null) for (const [k, child] of Object.entries(node)) nodes.push({ parent: node as Record<string, unknown>, key: k }), walk(child);
  };
  const copy = JSON.parse(JSON.stringify(tree)) as unknown;
  walk(copy);
  if (nodes.length === 0) return replacement;
  const target = nodes[index % nodes.length]!;
  (target.parent as Record<string | number, unknown>)[target.key] = replacement;
  return copy;
}

describe.each(JSON_DECODERS)('OTLP/JSON $name decoder on hostile input', ({ decode, valid }) => {
  it('returns a result for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expectResult(decode(JSON.stringify(value)));
      }),
      { numRuns: 1000 },
    );
  });

  it('returns a result for valid payloads with one subtree replaced by any JSON', () => {
    fc.assert(
      fc.property(valid, fc.nat(), fc.jsonValue({ maxDepth: 3 }), (tree, at, replacement) => {
        expectResult(decode(JSON.stringify(replaceAt(tree, at, replacement))));
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses text that is not JSON', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        fc.pre(!isJson(text));
        const result = decode(text);
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.error.message).toMatch(/^invalid JSON: /);
      }),
    );
  });

  it('refuses truncated valid payloads', () => {
    fc.assert(
      fc.property(valid, fc.nat(), (tree, cut) => {
        const text = JSON.stringify(tree);
        const result = decode(text.slice(0, cut % text.length));
        expect(result.ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

describe('deep nesting', () => {
  it('is refused with a nesting-limit error in protobuf, not a stack overflow', () => {
    let value: Uint8Array = new Uint8Array(0);
    for (let i = 0; i < 2_000; i++) value = len(5, len(1, value));
    const result = decodeLogsProtobuf(len(1, len(2, len(2, len(5, value)))));
    expect(result).toEqual({ ok: false, error: { message: expect.stringContaining('nesting limit exceeded') } });
  });

  it('is refused with a nesting-limit error in JSON, not a stack overflow', () => {
    const depth = 50_000;
    const text = `{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":${'{"arrayValue":{"values":['.repeat(depth)}${']}}'.repeat(depth)}}]}]}]}`;
    const result = decodeLogsJson(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/nesting limit exceeded|invalid JSON/);
  });

  it('returns a result for a status body of random JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expectResult(decodeStatusJson(JSON.stringify(value)));
      }),
    );
  });
});

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
