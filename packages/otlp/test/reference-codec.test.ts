import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeLogsProtobuf,
  decodeMetricsProtobuf,
  decodeTracesProtobuf,
  encodeLogsProtobuf,
  encodeMetricsProtobuf,
  encodeTracesProtobuf,
  type DecodeResult,
} from '@braid/otlp';
import type protobuf from 'protobufjs';
import { modelArbitraries } from './support/arbitraries.js';
import {
  ExportLogsServiceRequest,
  ExportMetricsServiceRequest,
  ExportTraceServiceRequest,
  referenceDecode,
  referenceEncode,
  referenceLogs,
  referenceMetrics,
  referenceNormalise,
  referenceTraces,
} from './support/reference.js';

// Field numbers and wire types checked against an independent codec: protobufjs over the .proto schema.

const MODEL = modelArbitraries({ negativeZero: true });

interface SignalCase<T> {
  readonly arbitrary: fc.Arbitrary<T>;
  readonly type: protobuf.Type;
  readonly plain: (data: T) => Record<string, unknown>;
  readonly decode: (bytes: Uint8Array) => DecodeResult<T>;
  readonly encode: (data: T) => Uint8Array;
}

function agreesWithReference<T>({ arbitrary, type, plain, decode, encode }: SignalCase<T>): void {
  it('decodes what protobufjs encodes', () => {
    fc.assert(
      fc.property(arbitrary, (data) => {
        expect(decode(referenceEncode(type, plain(data)))).toEqual({ ok: true, value: data });
      }),
    );
  });

  it('encodes what protobufjs decodes to the same message', () => {
    fc.assert(
      fc.property(arbitrary, (data) => {
        expect(referenceDecode(type, encode(data))).toEqual(referenceNormalise(type, plain(data)));
      }),
    );
  });
}

describe('traces against protobufjs', () => {
  agreesWithReference({ arbitrary: MODEL.traces, type: ExportTraceServiceRequest, plain: referenceTraces, decode: decodeTracesProtobuf, encode: encodeTracesProtobuf });
});

describe('logs against protobufjs', () => {
  agreesWithReference({ arbitrary: MODEL.logs, type: ExportLogsServiceRequest, plain: referenceLogs, decode: decodeLogsProtobuf, encode: encodeLogsProtobuf });
});

describe('metrics against protobufjs', () => {
  agreesWithReference({ arbitrary: MODEL.metrics, type: ExportMetricsServiceRequest, plain: referenceMetrics, decode: decodeMetricsProtobuf, encode: encodeMetricsProtobuf });
});
