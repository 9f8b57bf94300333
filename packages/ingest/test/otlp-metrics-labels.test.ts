import { describe, expect, it } from 'vitest';
import { DEFAULT_TENANT, type AnyValue, type MetricsData } from '@braid/model';
import { createMetricsTranslator } from '../src/otlp-metrics/metrics-translator.js';
import { histogramPoint, metric, numberPoint, rendered, request, type Scope } from './support/otlp-metrics.js';

const gauge = (attributes: Record<string, AnyValue>, time = 1000) => metric('queue.depth', '{item}', { type: 'gauge', dataPoints: [numberPoint({ attributes, time, value: 7 })] });

function translate(data: MetricsData) {
  const translation = createMetricsTranslator()(DEFAULT_TENANT, data);
  expect(translation.errors).toEqual([]);
  return rendered(translation.samples);
}

interface LabelCase {
  readonly name: string;
  readonly resource: Record<string, AnyValue>;
  readonly scope?: Scope;
  readonly attributes: Record<string, AnyValue>;
  readonly series: Record<string, [number, number][]>;
}

const CASES: LabelCase[] = [
  {
    name: 'job is service.name; service_name is on every series',
    resource: { 'service.name': 'checkout' },
    attributes: { queue: 'orders' },
    series: { 'queue_depth{job="checkout",queue="orders",service_name="checkout"}': [[1000, 7]] },
  },
  {
    name: 'job is namespace/name, instance is service.instance.id, target_info carries the rest',
    resource: { 'service.name': 'checkout', 'service.namespace': 'shop', 'service.instance.id': 'pod-1', 'host.name': 'h1', 'deployment.environment': 'prod' },
    attributes: {},
    series: {
      'queue_depth{instance="pod-1",job="shop/checkout",service_name="checkout"}': [[1000, 7]],
      'target_info{deployment_environment="prod",host_name="h1",instance="pod-1",job="shop/checkout",service_name="checkout"}': [[1000, 1]],
    },
  },
  {
    name: 'without service.name: service_name is unknown_service, no job, and no target_info without job or instance',
    resource: { 'host.name': 'h1' },
    attributes: {},
    series: { 'queue_depth{service_name="unknown_service"}': [[1000, 7]] },
  },
  {
    name: 'target_info with instance only',
    resource: { 'service.instance.id': 'i-1', 'host.arch': 'arm64' },
    attributes: {},
    series: {
      'queue_depth{instance="i-1",service_name="unknown_service"}': [[1000, 7]],
      'target_info{host_arch="arm64",instance="i-1",service_name="unknown_service"}': [[1000, 1]],
    },
  },
  {
    name: 'scope name and version become otel_scope_* labels, not on target_info',
    resource: { 'service.name': 'checkout', 'k8s.pod.name': 'p' },
    scope: { name: 'io.opentelemetry.http', version: '1.2.0' },
    attributes: {},
    series: {
      'queue_depth{job="checkout",otel_scope_name="io.opentelemetry.http",otel_scope_version="1.2.0",service_name="checkout"}': [[1000, 7]],
      'target_info{job="checkout",k8s_pod_name="p",service_name="checkout"}': [[1000, 1]],
    },
  },
  {
    name: 'a scope without a name adds nothing, a scope without a version only its name',
    resource: { 'service.name': 'checkout' },
    scope: { name: 'lib', version: '' },
    attributes: {},
    series: { 'queue_depth{job="checkout",otel_scope_name="lib",service_name="checkout"}': [[1000, 7]] },
  },
  {
    name: 'keys are sanitized: invalid characters to _, leading digit key_, single leading _ key',
    resource: { 'service.name': 'checkout' },
    attributes: { 'http.request.method': 'GET', '0day': 'y', _private: 'p', 'grüße': 'hi', Upper: 'U' },
    series: { 'queue_depth{Upper="U",gr__e="hi",http_request_method="GET",job="checkout",key_0day="y",key_private="p",service_name="checkout"}': [[1000, 7]] },
  },
  {
    name: 'colliding keys join values with ; in the order of the original keys',
    resource: { 'service.name': 'checkout' },
    attributes: { 'http.method': 'GET', http_method: 'POST', 'http-method': 'PUT' },
    series: { 'queue_depth{http_method="PUT;GET;POST",job="checkout",service_name="checkout"}': [[1000, 7]] },
  },
  {
    name: 'values: ints, bools, doubles and arrays as text; empty values dropped',
    resource: { 'service.name': 'checkout' },
    attributes: { code: 200n, ok: true, share: 0.5, tags: ['a', 'b'], empty: '' },
    series: { 'queue_depth{code="200",job="checkout",ok="true",service_name="checkout",share="0.5",tags="[\\"a\\",\\"b\\"]"}': [[1000, 7]] },
  },
  {
    name: 'attributes named like labels braid sets are kept as exported_*; others (instance here, le on a gauge) are not',
    resource: { 'service.name': 'checkout' },
    attributes: { job: 'batch', exported_job: 'e', service_name: 'other', __name__: 'evil', instance: 'x', le: '5' },
    series: {
      'queue_depth{exported___name__="evil",exported_job="e;batch",exported_service_name="other",instance="x",job="checkout",le="5",service_name="checkout"}': [[1000, 7]],
    },
  },
];

describe('series labels', () => {
  it.each(CASES)('$name', ({ resource, scope, attributes, series }) => {
    expect(translate(request([gauge(attributes)], resource, scope))).toEqual(series);
  });

  it('labels are sorted by name and unique on every series, __name__ included', () => {
    const data = request([gauge({ Zed: 'z', alpha: 'a', 'a.b': '1', a_b: '2' })], { 'service.name': 'x', 'service.instance.id': 'i', 'A.attr': 'v' }, { name: 's', version: 'v' });
    const { series } = createMetricsTranslator()(DEFAULT_TENANT, data).samples;
    for (const { labels } of series) {
      const names = labels.map((l) => l.name);
      expect(names).toEqual([...new Set(names)].sort());
    }
    expect(series.map((s) => s.labels.map((l) => l.name))).toEqual([
      ['Zed', '__name__', 'a_b', 'alpha', 'instance', 'job', 'otel_scope_name', 'otel_scope_version', 'service_name'],
      ['A_attr', '__name__', 'instance', 'job', 'service_name'],
    ]);
  });

  it('le on a histogram point is exported_le; the bucket bound is le', () => {
    const data = request([metric('h', '', { type: 'histogram', aggregationTemporality: 2, dataPoints: [histogramPoint({ attributes: { le: 'mine' }, time: 1, bounds: [], counts: [] })] })]);
    expect(Object.keys(translate(data))).toEqual(['h_bucket{exported_le="mine",job="checkout",le="+Inf",service_name="checkout"}', 'h_count{exported_le="mine",job="checkout",service_name="checkout"}']);
  });

  it('target_info is one sample per resource at the latest time of its accepted points', () => {
    const data = request([gauge({ q: 'a' }, 3000), gauge({ q: 'b' }, 5000), gauge({ q: 'c' }, 4000)], { 'service.name': 'checkout', 'host.name': 'h1' });
    expect(translate(data)['target_info{host_name="h1",job="checkout",service_name="checkout"}']).toEqual([[5000, 1]]);
  });
});
