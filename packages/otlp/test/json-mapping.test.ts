import { describe, expect, it } from 'vitest';
import type { AnyValue, Exemplar, HistogramDataPoint } from '@braid/model';
import { decodeLogsJson, decodeMetricsJson, decodeTracesJson, encodeLogsJson, encodeMetricsJson, encodeTracesJson } from '@braid/otlp';

// The OTLP/JSON mapping as written by other senders (Collector, other SDKs, hand-made curl
// payloads): each row is a JSON fragment and the model it must decode to.

const TRACE_ID = '5b8efff798038103d269b633813fc60c';
const SPAN_ID = 'eee19b7ec3c1b174';
const TRACE_BYTES = Uint8Array.from(Buffer.from(TRACE_ID, 'hex'));
const SPAN_BYTES = Uint8Array.from(Buffer.from(SPAN_ID, 'hex'));

function bodyOf(value: unknown): AnyValue {
  const result = decodeLogsJson(JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ body: value }] }] }] }));
  if (!result.ok) throw new Error(result.error.message);
  return result.value.resourceLogs[0]!.scopeLogs[0]!.logRecords[0]!.body;
}

describe('AnyValue in JSON', () => {
  it.each([
    ['a string', { stringValue: 'hi' }, 'hi'],
    ['an int as a decimal string', { intValue: '-9223372036854775808' }, -9223372036854775808n],
    ['an int as a number', { intValue: 42 }, 42n],
    ['a double', { doubleValue: 1.5 }, 1.5],
    ['an integral double stays a double', { doubleValue: 2 }, 2],
    ['NaN as a string', { doubleValue: 'NaN' }, NaN],
    ['Infinity as a string', { doubleValue: 'Infinity' }, Infinity],
    ['-Infinity as a string', { doubleValue: '-Infinity' }, -Infinity],
    ['a double as a numeric string', { doubleValue: '2.5e3' }, 2500],
    ['a bool', { boolValue: false }, false],
    ['bytes in base64', { bytesValue: 'AAEC/v8=' }, new Uint8Array([0, 1, 2, 254, 255])],
    ['bytes in URL-safe base64 without padding', { bytesValue: 'AAEC_v8' }, new Uint8Array([0, 1, 2, 254, 255])],
    ['an array', { arrayValue: { values: [{ intValue: '1' }, { stringValue: 'x' }, {}] } }, [1n, 'x', null]],
    ['an empty array', { arrayValue: {} }, []],
    ['a kvlist', { kvlistValue: { values: [{ key: 'k', value: { boolValue: true } }, { key: 'empty' }] } }, { kvlist: [{ key: 'k', value: true }, { key: 'empty', value: null }] }],
    ['an empty value', {}, null],
    ['snake_case names', { string_value: 'snake' }, 'snake'],
    ['null members as absent', { stringValue: null, intValue: '7' }, 7n],
    ['unknown members ignored', { stringValue: 'x', futureValue: 1 }, 'x'],
  ])('decodes %s', (_name, json, expected) => {
    expect(bodyOf(json)).toEqual(expected);
  });
});

describe('spans in JSON', () => {
  const span = {
    trace_id: TRACE_ID.toUpperCase(),
    span_id: SPAN_ID,
    parentSpanId: '',
    name: 'GET /',
    kind: 'SPAN_KIND_SERVER',
    startTimeUnixNano: 1700000000000000001,
    end_time_unix_nano: '1700000000000000002',
    status: { code: 'STATUS_CODE_ERROR', message: 'boom' },
    flags: 257,
    links: [{ traceId: TRACE_ID, spanId: SPAN_ID, flags: '1' }],
    futureField: { anything: [1, 2] },
  };

  it('accepts snake_case keys, upper-case hex, enum names, int64 as numbers or strings and an empty parent', () => {
    const result = decodeTracesJson(JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const decoded = result.value.resourceSpans[0]!.scopeSpans[0]!.spans[0]!;
    expect(decoded).toMatchObject({
      traceId: TRACE_BYTES,
      spanId: SPAN_BYTES,
      parentSpanId: undefined,
      name: 'GET /',
      kind: 2,
      // A JSON number above 2^53 has already lost precision when parsed: it is taken as is.
      startTimeUnixNano: BigInt(1700000000000000001),
      endTimeUnixNano: 1700000000000000002n,
      status: { code: 2, message: 'boom' },
      flags: 257,
      links: [{ traceId: TRACE_BYTES, spanId: SPAN_BYTES, traceState: '', attributes: [], droppedAttributesCount: 0, flags: 1 }],
    });
    expect(result.value.resourceSpans[0]!.resource).toEqual({ attributes: [], droppedAttributesCount: 0 });
  });

  it('writes the OTLP/JSON mapping: hex ids, integer enums, int64 strings, defaults left out', () => {
    const result = decodeTracesJson(JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] }));
    if (!result.ok) throw new Error(result.error.message);
    expect(encodeTracesJson(result.value)).toEqual({
      resourceSpans: [
        {
          resource: {},
          scopeSpans: [
            {
              scope: {},
              spans: [
                {
                  traceId: TRACE_ID,
                  spanId: SPAN_ID,
                  flags: 257,
                  name: 'GET /',
                  kind: 2,
                  startTimeUnixNano: String(BigInt(1700000000000000001)),
                  endTimeUnixNano: '1700000000000000002',
                  links: [{ traceId: TRACE_ID, spanId: SPAN_ID, flags: 1 }],
                  status: { message: 'boom', code: 2 },
                },
              ],
            },
          ],
        },
      ],
    });
  });

  it("writes Tempo's protobuf JSON: base64 ids and enum names", () => {
    const result = decodeTracesJson(JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] }));
    if (!result.ok) throw new Error(result.error.message);
    const tempo = encodeTracesJson(result.value, { ids: 'base64', enums: 'name' }) as { resourceSpans: [{ scopeSpans: [{ spans: [Record<string, unknown>] }] }] };
    expect(tempo.resourceSpans[0].scopeSpans[0].spans[0]).toMatchObject({
      traceId: Buffer.from(TRACE_BYTES).toString('base64'),
      spanId: Buffer.from(SPAN_BYTES).toString('base64'),
      kind: 'SPAN_KIND_SERVER',
      status: { code: 'STATUS_CODE_ERROR', message: 'boom' },
    });
  });
});

describe('logs in JSON', () => {
  it('takes empty ids as absent and enum names for severity', () => {
    const result = decodeLogsJson(
      JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ traceId: '', spanId: '', severityNumber: 'SEVERITY_NUMBER_WARN2', observedTimeUnixNano: '5' }] }] }] }),
    );
    expect(result).toMatchObject({ ok: true, value: { resourceLogs: [{ scopeLogs: [{ logRecords: [{ traceId: undefined, spanId: undefined, severityNumber: 14, observedTimeUnixNano: 5n }] }] }] } });
  });

  it('writes severity by name when asked', () => {
    const result = decodeLogsJson(JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ severityNumber: 9, body: { stringValue: 'x' } }] }] }] }));
    if (!result.ok) throw new Error(result.error.message);
    expect(encodeLogsJson(result.value, { enums: 'name' })).toEqual({
      resourceLogs: [{ resource: {}, scopeLogs: [{ scope: {}, logRecords: [{ severityNumber: 'SEVERITY_NUMBER_INFO', body: { stringValue: 'x' } }] }] }],
    });
  });
});

describe('metrics in JSON', () => {
  const histogram = {
    name: 'latency',
    histogram: {
      aggregation_temporality: 'AGGREGATION_TEMPORALITY_DELTA',
      dataPoints: [
        {
          count: '3',
          sum: 'NaN',
          bucket_counts: ['1', 2],
          explicitBounds: [0.5, 'Infinity'],
          max: 7,
          flags: 1,
          exemplars: [
            { asInt: '5', timeUnixNano: '10', traceId: TRACE_ID, spanId: SPAN_ID, filteredAttributes: [{ key: 'user', value: { stringValue: 'ada' } }] },
            { as_double: 0.25, trace_id: '', span_id: '' },
          ],
        },
      ],
    },
  };

  it('decodes histograms with exemplars, optional sum/min/max and mixed number encodings', () => {
    const result = decodeMetricsJson(JSON.stringify({ resourceMetrics: [{ scopeMetrics: [{ metrics: [histogram] }] }] }));
    if (!result.ok) throw new Error(result.error.message);
    const data = result.value.resourceMetrics[0]!.scopeMetrics[0]!.metrics[0]!.data;
    const exemplars: Exemplar[] = [
      { filteredAttributes: [{ key: 'user', value: 'ada' }], timeUnixNano: 10n as Exemplar['timeUnixNano'], value: 5n, spanId: SPAN_BYTES as Exemplar['spanId'], traceId: TRACE_BYTES as Exemplar['traceId'] },
      { filteredAttributes: [], timeUnixNano: 0n as Exemplar['timeUnixNano'], value: 0.25, spanId: undefined, traceId: undefined },
    ];
    const point: Partial<HistogramDataPoint> = { count: 3n, sum: NaN, bucketCounts: [1n, 2n], explicitBounds: [0.5, Infinity], min: undefined, max: 7, flags: 1, exemplars };
    expect(data).toEqual({ type: 'histogram', aggregationTemporality: 1, dataPoints: [expect.objectContaining(point)] });
  });

  it('writes non-finite doubles as strings and keeps absent optionals absent', () => {
    const result = decodeMetricsJson(JSON.stringify({ resourceMetrics: [{ scopeMetrics: [{ metrics: [histogram] }] }] }));
    if (!result.ok) throw new Error(result.error.message);
    const json = encodeMetricsJson(result.value) as { resourceMetrics: [{ scopeMetrics: [{ metrics: [{ histogram: { dataPoints: [Record<string, unknown>] } }] }] }] };
    const point = json.resourceMetrics[0].scopeMetrics[0].metrics[0].histogram.dataPoints[0];
    expect(point).toMatchObject({ count: '3', sum: 'NaN', bucketCounts: ['1', '2'], explicitBounds: [0.5, 'Infinity'], max: 7 });
    expect(point).not.toHaveProperty('min');
  });

  it('decodes every data type and an empty metric', () => {
    const metrics = [
      { name: 'g', gauge: { dataPoints: [{ asDouble: 1 }] } },
      { name: 's', sum: { isMonotonic: true, aggregationTemporality: 2, dataPoints: [{ asInt: '-3' }] } },
      { name: 'e', exponentialHistogram: { dataPoints: [{ scale: -2, zeroCount: '1', positive: { offset: -5, bucketCounts: ['1', '0', '4'] }, zeroThreshold: 1e-9 }] } },
      { name: 'q', summary: { dataPoints: [{ count: '2', sum: 3, quantileValues: [{ quantile: 0.5, value: 1 }, { quantile: 1, value: 2 }] }] } },
      { name: 'none', metadata: [{ key: 'm', value: { stringValue: 'v' } }] },
    ];
    const result = decodeMetricsJson(JSON.stringify({ resource_metrics: [{ scope_metrics: [{ metrics }] }] }));
    if (!result.ok) throw new Error(result.error.message);
    const decoded = result.value.resourceMetrics[0]!.scopeMetrics[0]!.metrics;
    expect(decoded.map((m) => m.data.type)).toEqual(['gauge', 'sum', 'exponentialHistogram', 'summary', 'empty']);
    expect(decoded[1]!.data).toMatchObject({ isMonotonic: true, aggregationTemporality: 2, dataPoints: [{ value: -3n }] });
    expect(decoded[2]!.data).toMatchObject({ dataPoints: [{ scale: -2, zeroCount: 1n, positive: { offset: -5, bucketCounts: [1n, 0n, 4n] }, negative: { offset: 0, bucketCounts: [] }, zeroThreshold: 1e-9 }] });
    expect(decoded[3]!.data).toMatchObject({ dataPoints: [{ count: 2n, sum: 3, quantileValues: [{ quantile: 0.5, value: 1 }, { quantile: 1, value: 2 }] }] });
    expect(decoded[4]!.metadata).toEqual([{ key: 'm', value: 'v' }]);
  });
});
