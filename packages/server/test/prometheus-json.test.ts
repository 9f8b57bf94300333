import { describe, expect, it } from 'vitest';
import { formatTimestamp, formatValue, queryDataJson } from '../src/http/prometheus/api-json.js';

// Values and timestamps as Prometheus' jsonutil writes them (strconv.AppendFloat 'f'/'e', -1).
describe('Prometheus JSON numbers', () => {
  it.each([
    [1, '1'],
    [0, '0'],
    [-0.5, '-0.5'],
    [1.5e-7, '1.5e-07'],
    [1e-6, '0.000001'],
    [123456789012345680000, '123456789012345680000'],
    [1e21, '1e+21'],
    [0.1 + 0.2, '0.30000000000000004'],
    [NaN, 'NaN'],
    [Infinity, '+Inf'],
    [-Infinity, '-Inf'],
  ])('value %d → %s', (value, text) => {
    expect(formatValue(value)).toBe(text);
  });

  it.each([
    [1435781451781, '1435781451.781'],
    [1435781451000, '1435781451'],
    [1435781451005, '1435781451.005'],
    [1435781451500, '1435781451.500'],
    [-1500, '-1.500'],
  ])('timestamp %d → %s', (ms, text) => {
    expect(formatTimestamp(ms)).toBe(text);
  });

  it('writes a matrix with its points', () => {
    const json = queryDataJson({
      type: 'matrix',
      series: [{ labels: [{ name: 'a', value: 'b' }], timestampsMs: Float64Array.of(1000, 2500), values: Float64Array.of(1, NaN) }],
    });
    expect(json).toBe('{"resultType":"matrix","result":[{"metric":{"a":"b"},"values":[[1,"1"],[2.500,"NaN"]]}]}');
  });
});
