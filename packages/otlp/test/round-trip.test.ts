import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeLogsJson,
  decodeLogsProtobuf,
  decodeMetricsJson,
  decodeMetricsProtobuf,
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

const PROTOBUF = modelArbitraries({ negativeZero: true });
const JSON_SAFE = modelArbitraries({ negativeZero: false });

function value<T>(result: DecodeResult<T>): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe('protobuf: decode(encode(data)) equals data', () => {
  it('traces', () => {
    fc.assert(
      fc.property(PROTOBUF.traces, (data) => {
        expect(value(decodeTracesProtobuf(encodeTracesProtobuf(data)))).toEqual(data);
      }),
    );
  });
  it('logs', () => {
    fc.assert(
      fc.property(PROTOBUF.logs, (data) => {
        expect(value(decodeLogsProtobuf(encodeLogsProtobuf(data)))).toEqual(data);
      }),
    );
  });
  it('metrics', () => {
    fc.assert(
      fc.property(PROTOBUF.metrics, (data) => {
        expect(value(decodeMetricsProtobuf(encodeMetricsProtobuf(data)))).toEqual(data);
      }),
    );
  });
});

describe('OTLP/JSON: decode(stringify(encode(data))) equals data', () => {
  it('traces', () => {
    fc.assert(
      fc.property(JSON_SAFE.traces, (data) => {
        expect(value(decodeTracesJson(JSON.stringify(encodeTracesJson(data))))).toEqual(data);
      }),
    );
  });
  it('logs', () => {
    fc.assert(
      fc.property(JSON_SAFE.logs, (data) => {
        expect(value(decodeLogsJson(JSON.stringify(encodeLogsJson(data))))).toEqual(data);
      }),
    );
  });
  it('metrics', () => {
    fc.assert(
      fc.property(JSON_SAFE.metrics, (data) => {
        expect(value(decodeMetricsJson(JSON.stringify(encodeMetricsJson(data))))).toEqual(data);
      }),
    );
  });
  it('accepts enum names as written with { enums: "name" }', () => {
    fc.assert(
      fc.property(JSON_SAFE.traces, JSON_SAFE.logs, JSON_SAFE.metrics, (traces, logs, metrics) => {
        const named = { enums: 'name' } as const;
        expect(value(decodeTracesJson(JSON.stringify(encodeTracesJson(traces, named))))).toEqual(traces);
        expect(value(decodeLogsJson(JSON.stringify(encodeLogsJson(logs, named))))).toEqual(logs);
        expect(value(decodeMetricsJson(JSON.stringify(encodeMetricsJson(metrics, named))))).toEqual(metrics);
      }),
      { numRuns: 50 },
    );
  });
});
