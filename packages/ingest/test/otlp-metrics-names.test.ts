import { describe, expect, it } from 'vitest';
import { labelName } from '../src/otlp-metrics/label-name.js';
import { formatLabelFloat } from '../src/otlp-metrics/label-value.js';
import { metricName, metricUnit, type NamingKind } from '../src/otlp-metrics/metric-name.js';

// Expected names are what Prometheus' otlptranslator (UnderscoreEscapingWithSuffixes) gives,
// except where a row says "braid" (a per-unit suffix already present is not repeated).
const METRIC_NAMES: [name: string, unit: string, kind: NamingKind, expected: string][] = [
  ['http.server.request.duration', 's', 'histogram', 'http_server_request_duration_seconds'],
  ['http.server.requests', '{request}', 'counter', 'http_server_requests_total'],
  ['http.server.active_requests', '{request}', 'updowncounter', 'http_server_active_requests'],
  ['system.memory.usage', 'By', 'updowncounter', 'system_memory_usage_bytes'],
  ['system.cpu.utilization', '1', 'gauge', 'system_cpu_utilization_ratio'],
  ['system.cpu.utilization', '1', 'updowncounter', 'system_cpu_utilization'],
  ['system.cpu.utilization', '1', 'histogram', 'system_cpu_utilization'],
  ['requests', '1', 'counter', 'requests_total'],
  ['hit.ratio', '1', 'gauge', 'hit_ratio'],
  ['ratio.of.hits', '1', 'gauge', 'of_hits_ratio'],
  ['network.io', 'By/s', 'gauge', 'network_io_bytes_per_second'],
  ['throughput', '1/s', 'gauge', 'throughput_per_second'],
  ['rate.per.second', '1/s', 'gauge', 'rate_per_second'], // braid
  ['packets', '{packet}/s', 'counter', 'packets_per_second_total'],
  ['data.in', 'By/{request}', 'counter', 'data_in_bytes_total'],
  ['bytes.in', 'By', 'counter', 'bytes_in_total'],
  ['latency_seconds', 's', 'histogram', 'latency_seconds'],
  ['seconds.elapsed', 's', 'counter', 'seconds_elapsed_total'],
  ['total.requests', '', 'counter', 'requests_total'],
  ['jobs_total', '', 'counter', 'jobs_total'],
  ['jobs.total', '', 'gauge', 'jobs_total'],
  ['speed', 'm/h', 'gauge', 'speed_meters_per_hour'],
  ['distance', 'km', 'gauge', 'distance_km'],
  ['odd', 'foo bar', 'gauge', 'odd_foo_bar'],
  ['trimmed', ' s ', 'gauge', 'trimmed_seconds'],
  ['my-metric..name__x', '', 'gauge', 'my_metric_name_x'],
  ['_internal.metric_', '', 'gauge', 'internal_metric'],
  ['2xx.responses', '', 'counter', '_2xx_responses_total'],
  ['ns:metric.name', '', 'gauge', 'ns:metric_name'],
  ['zażółć.count', '', 'gauge', 'za_count'],
  ['...', 's', 'gauge', ''],
  ['', '', 'counter', ''],
];

const UNIT_SUFFIXES: [unit: string, suffix: string][] = [
  ['d', 'days'],
  ['h', 'hours'],
  ['min', 'minutes'],
  ['s', 'seconds'],
  ['ms', 'milliseconds'],
  ['us', 'microseconds'],
  ['ns', 'nanoseconds'],
  ['By', 'bytes'],
  ['KiBy', 'kibibytes'],
  ['MiBy', 'mebibytes'],
  ['GiBy', 'gibibytes'],
  ['TiBy', 'tibibytes'],
  ['KBy', 'kilobytes'],
  ['MBy', 'megabytes'],
  ['GBy', 'gigabytes'],
  ['TBy', 'terabytes'],
  ['m', 'meters'],
  ['V', 'volts'],
  ['A', 'amperes'],
  ['J', 'joules'],
  ['W', 'watts'],
  ['g', 'grams'],
  ['Cel', 'celsius'],
  ['Hz', 'hertz'],
  ['%', 'percent'],
  ['By/s', 'bytes_per_second'],
  ['By/m', 'bytes_per_minute'],
  ['By/h', 'bytes_per_hour'],
  ['By/d', 'bytes_per_day'],
  ['By/w', 'bytes_per_week'],
  ['By/mo', 'bytes_per_month'],
  ['By/y', 'bytes_per_year'],
  ['{request}/s', 'per_second'],
  ['1/s', 'per_second'],
];

const METADATA_UNITS: [unit: string, kind: NamingKind, expected: string][] = [
  ['s', 'histogram', 'seconds'],
  ['By/s', 'gauge', 'bytes_per_second'],
  ['1', 'gauge', 'ratio'],
  ['1', 'counter', ''],
  ['{request}', 'counter', ''],
  ['1/s', 'gauge', 'per_second'],
  ['', 'gauge', ''],
];

const LABEL_NAMES: [key: string, expected: string | undefined][] = [
  ['http.method', 'http_method'],
  ['valid_name', 'valid_name'],
  ['Name', 'Name'],
  ['a-b', 'a_b'],
  ['a..b', 'a__b'],
  ['grüße', 'gr__e'],
  ['🚀x', 'key_x'],
  ['0day', 'key_0day'],
  ['9', 'key_9'],
  ['_private', 'key_private'],
  ['__reserved__', '__reserved__'],
  ['', undefined],
  ['.', undefined],
  ['..', undefined],
];

const FLOATS: [value: number, expected: string][] = [
  [0.005, '0.005'],
  [0.1, '0.1'],
  [1, '1'],
  [2.5, '2.5'],
  [1e6, '1000000'],
  [1e21, '1000000000000000000000'],
  [1.2345e25, '12345000000000000000000000'],
  [1e-7, '0.0000001'],
  [1.5e-7, '0.00000015'],
  [-2.5e-7, '-0.00000025'],
  [0.1 + 0.2, '0.30000000000000004'],
  [0, '0'],
  [-0, '-0'],
  [-3, '-3'],
  [Infinity, '+Inf'],
  [-Infinity, '-Inf'],
  [NaN, 'NaN'],
  [5e-324, `0.${'0'.repeat(323)}5`],
  [Number.MAX_VALUE, `17976931348623157${'0'.repeat(292)}`],
];

describe('metric names', () => {
  it.each(METRIC_NAMES)('%j with unit %j as %s is %j', (name, unit, kind, expected) => {
    expect(metricName(name, unit, kind)).toBe(expected);
  });

  it.each(UNIT_SUFFIXES)('unit %j adds _%s', (unit, suffix) => {
    expect(metricName('x', unit, 'gauge')).toBe(`x_${suffix}`);
    expect(metricName(`x.${suffix}`, unit, 'gauge')).toBe(`x_${suffix}`);
  });

  it.each(METADATA_UNITS)('metadata unit of %j on a %s is %j', (unit, kind, expected) => {
    expect(metricUnit(unit, kind)).toBe(expected);
  });
});

describe('label names', () => {
  it.each(LABEL_NAMES)('%j is %j', (key, expected) => {
    expect(labelName(key)).toBe(expected);
  });
});

describe('le and quantile values', () => {
  it.each(FLOATS)('%d is %j', (value, expected) => {
    expect(formatLabelFloat(value)).toBe(expected);
  });
});
