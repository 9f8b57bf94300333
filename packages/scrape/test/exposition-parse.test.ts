import { describe, expect, it } from 'vitest';
import { formatOfContentType, parseExposition, type ExpositionFormat } from '../src/index.js';
import { viewSamples, type SampleView } from './support/exposition-view.js';

interface Fixture {
  readonly name: string;
  readonly format: ExpositionFormat;
  readonly body: string;
  readonly samples: SampleView[];
  readonly metadata?: { metricFamilyName: string; type: string; help: string; unit: string }[];
}

const TEXT = 'prometheus-text' as const;
const OM = 'openmetrics-text' as const;

/** Bodies as exporters write them, and what Prometheus reads from them. */
const FIXTURES: readonly Fixture[] = [
  {
    name: 'text: counter with HELP/TYPE, labels, timestamp',
    format: TEXT,
    body: [
      '# HELP http_requests_total The total number of HTTP requests.',
      '# TYPE http_requests_total counter',
      'http_requests_total{method="post",code="200"} 1027 1395066363000',
      'http_requests_total{method="post",code="400"}    3 1395066363000',
      '',
    ].join('\n'),
    samples: [
      { labels: { __name__: 'http_requests_total', code: '200', method: 'post' }, value: 1027, ts: 1395066363000 },
      { labels: { __name__: 'http_requests_total', code: '400', method: 'post' }, value: 3, ts: 1395066363000 },
    ],
    metadata: [{ metricFamilyName: 'http_requests_total', type: 'counter', help: 'The total number of HTTP requests.', unit: '' }],
  },
  {
    name: 'text: escaping in label values and HELP',
    format: TEXT,
    body: [
      '# HELP msdos_file_access_time_seconds Escaping in HELP: \\\\ and \\n, but \\" stays.',
      'msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9',
      'odd{v="a\\tb"} 1',
    ].join('\n'),
    samples: [
      { labels: { __name__: 'msdos_file_access_time_seconds', error: 'Cannot find file:\n"FILE.TXT"', path: 'C:\\DIR\\FILE.TXT' }, value: 1.458255915e9 },
      { labels: { __name__: 'odd', v: 'a\\tb' }, value: 1 },
    ],
    metadata: [{ metricFamilyName: 'msdos_file_access_time_seconds', type: 'unknown', help: 'Escaping in HELP: \\ and \n, but \\" stays.', unit: '' }],
  },
  {
    name: 'text: special values, no labels, comments, blank lines, tabs, CRLF',
    format: TEXT,
    body: '# A normal comment.\n\nmetric_without_labels 12.47\r\nnan_metric NaN\npos_inf +Inf\nneg_inf -Inf\nweird_inf inf\n\tsomething_weird{problem="division by zero"}\t+Inf\t-3982045\n',
    samples: [
      { labels: { __name__: 'metric_without_labels' }, value: 12.47 },
      { labels: { __name__: 'nan_metric' }, value: NaN },
      { labels: { __name__: 'pos_inf' }, value: Infinity },
      { labels: { __name__: 'neg_inf' }, value: -Infinity },
      { labels: { __name__: 'weird_inf' }, value: Infinity },
      { labels: { __name__: 'something_weird', problem: 'division by zero' }, value: Infinity, ts: -3982045 },
    ],
    metadata: [],
  },
  {
    name: 'text: histogram and summary',
    format: TEXT,
    body: [
      '# HELP rpc_duration_seconds A summary of the RPC duration in seconds.',
      '# TYPE rpc_duration_seconds summary',
      'rpc_duration_seconds{quantile="0.5"} 4773',
      'rpc_duration_seconds_sum 1.7560473e+07',
      'rpc_duration_seconds_count 2693',
      '# TYPE http_request_duration_seconds histogram',
      'http_request_duration_seconds_bucket{le="0.05"} 24054',
      'http_request_duration_seconds_bucket{le="+Inf"} 144320',
      'http_request_duration_seconds_sum 53423',
      'http_request_duration_seconds_count 144320',
    ].join('\n'),
    samples: [
      { labels: { __name__: 'rpc_duration_seconds', quantile: '0.5' }, value: 4773 },
      { labels: { __name__: 'rpc_duration_seconds_sum' }, value: 1.7560473e7 },
      { labels: { __name__: 'rpc_duration_seconds_count' }, value: 2693 },
      { labels: { __name__: 'http_request_duration_seconds_bucket', le: '0.05' }, value: 24054 },
      { labels: { __name__: 'http_request_duration_seconds_bucket', le: '+Inf' }, value: 144320 },
      { labels: { __name__: 'http_request_duration_seconds_sum' }, value: 53423 },
      { labels: { __name__: 'http_request_duration_seconds_count' }, value: 144320 },
    ],
    metadata: [
      { metricFamilyName: 'rpc_duration_seconds', type: 'summary', help: 'A summary of the RPC duration in seconds.', unit: '' },
      { metricFamilyName: 'http_request_duration_seconds', type: 'histogram', help: '', unit: '' },
    ],
  },
  {
    name: 'text: trailing comma, blanks inside braces, empty label values dropped, untyped, name with colons',
    format: TEXT,
    body: '# TYPE job:rate5m untyped\njob:rate5m { job = "api" , empty="" , } 0.5\n',
    samples: [{ labels: { __name__: 'job:rate5m', job: 'api' }, value: 0.5 }],
    metadata: [{ metricFamilyName: 'job:rate5m', type: 'unknown', help: '', unit: '' }],
  },
  {
    name: 'OpenMetrics: counter with _total/_created, UNIT, exemplar with timestamp, float-second timestamps',
    format: OM,
    body: [
      '# TYPE acme_http_router_request_seconds summary',
      '# UNIT acme_http_router_request_seconds seconds',
      '# HELP acme_http_router_request_seconds Latency though all of ACME\'s global HTTP router, \\"quoted\\".',
      'acme_http_router_request_seconds_sum{path="/api/v1",method="GET"} 9036.32',
      'acme_http_router_request_seconds_count{path="/api/v1",method="GET"} 807283.0',
      '# TYPE foo counter',
      'foo_total 17.0 1520879607.789 # {trace_id="KOO5S4vxi0o"} 0.67',
      'foo_created 1520430000.123',
      '# TYPE bar histogram',
      'bar_bucket{le="0.01"} 0',
      'bar_bucket{le="0.1"} 8 # {trace_id="4bf92f3577b34da6a3ce929d0e0e4736",span_id="00f067aa0ba902b7"} 0.054 1520879607.7',
      'bar_bucket{le="+Inf"} 17 1520879607.789 # {} 1e1',
      '# EOF',
    ].join('\n'),
    samples: [
      { labels: { __name__: 'acme_http_router_request_seconds_sum', method: 'GET', path: '/api/v1' }, value: 9036.32 },
      { labels: { __name__: 'acme_http_router_request_seconds_count', method: 'GET', path: '/api/v1' }, value: 807283 },
      { labels: { __name__: 'foo_total' }, value: 17, ts: 1520879607789, exemplar: { labels: { trace_id: 'KOO5S4vxi0o' }, value: 0.67 } },
      { labels: { __name__: 'foo_created' }, value: 1520430000.123 },
      { labels: { __name__: 'bar_bucket', le: '0.01' }, value: 0 },
      {
        labels: { __name__: 'bar_bucket', le: '0.1' },
        value: 8,
        exemplar: { labels: { span_id: '00f067aa0ba902b7', trace_id: '4bf92f3577b34da6a3ce929d0e0e4736' }, value: 0.054, ts: 1520879607700 },
      },
      { labels: { __name__: 'bar_bucket', le: '+Inf' }, value: 17, ts: 1520879607789, exemplar: { labels: {}, value: 10 } },
    ],
    metadata: [
      { metricFamilyName: 'acme_http_router_request_seconds', type: 'summary', help: 'Latency though all of ACME\'s global HTTP router, "quoted".', unit: 'seconds' },
      { metricFamilyName: 'foo', type: 'counter', help: '', unit: '' },
      { metricFamilyName: 'bar', type: 'histogram', help: '', unit: '' },
    ],
  },
  {
    name: 'OpenMetrics: info, stateset, gaugehistogram types; # EOF with a final newline',
    format: OM,
    body: '# TYPE build info\nbuild_info{version="1.2"} 1\n# TYPE feature stateset\nfeature{feature="a"} 1\n# TYPE queue gaugehistogram\nqueue_gcount 3\n# EOF\n',
    samples: [
      { labels: { __name__: 'build_info', version: '1.2' }, value: 1 },
      { labels: { __name__: 'feature', feature: 'a' }, value: 1 },
      { labels: { __name__: 'queue_gcount' }, value: 3 },
    ],
    metadata: [
      { metricFamilyName: 'build', type: 'info', help: '', unit: '' },
      { metricFamilyName: 'feature', type: 'stateset', help: '', unit: '' },
      { metricFamilyName: 'queue', type: 'gaugehistogram', help: '', unit: '' },
    ],
  },
  { name: 'text: an empty body', format: TEXT, body: '', samples: [], metadata: [] },
  { name: 'OpenMetrics: only # EOF', format: OM, body: '# EOF', samples: [], metadata: [] },
];

describe('parseExposition fixtures', () => {
  it.each(FIXTURES)('$name', (f) => {
    const result = parseExposition(f.body, f.format);
    if (!result.ok) throw new Error(`line ${result.error.line}: ${result.error.message}`);
    expect(viewSamples(result.value)).toEqual(f.samples);
    if (f.metadata) expect(result.value.metadata).toEqual(f.metadata);
  });

  it('keeps the exposed series text as the sample key', () => {
    const result = parseExposition('a{x="1"} 1\nb 2 3\n', TEXT);
    expect(result.ok && result.value.samples.map((s) => s.series)).toEqual(['a{x="1"}', 'b']);
  });
});

/** Bodies Prometheus refuses: the scrape fails with this line and reason. */
const ERRORS: readonly { name: string; format: ExpositionFormat; body: string; line: number; message: RegExp }[] = [
  { name: 'no value', format: TEXT, body: 'ok 1\nfoo\n', line: 2, message: /missing value/ },
  { name: 'bad value', format: TEXT, body: 'foo bar\n', line: 1, message: /invalid value "bar"/ },
  { name: 'hex value', format: TEXT, body: 'foo 0x1F\n', line: 1, message: /invalid value "0x1F"/ },
  { name: 'bad timestamp', format: TEXT, body: 'foo 1 1.5\n', line: 1, message: /invalid timestamp "1.5"/ },
  { name: 'text after the timestamp', format: TEXT, body: 'foo 1 2 3\n', line: 1, message: /unexpected "3" after the timestamp/ },
  { name: 'exemplar in the text format', format: TEXT, body: 'foo 1 # {a="b"} 1\n', line: 1, message: /invalid timestamp "#"/ },
  { name: 'unterminated label value', format: TEXT, body: 'foo{a="b} 1\n', line: 1, message: /unterminated label value/ },
  { name: 'unterminated label set', format: TEXT, body: 'foo{a="b"\n', line: 1, message: /expected "," or "}"/ },
  { name: 'invalid label name', format: TEXT, body: 'foo{1a="b"} 1\n', line: 1, message: /expected a label name/ },
  { name: 'unquoted label value', format: TEXT, body: 'foo{a=b} 1\n', line: 1, message: /expected a quoted value for label "a"/ },
  { name: 'repeated label name', format: TEXT, body: 'foo{a="1",a="2"} 1\n', line: 1, message: /label name "a" is repeated/ },
  { name: 'invalid metric name', format: TEXT, body: '0foo 1\n', line: 1, message: /expected a metric name/ },
  { name: 'invalid type', format: TEXT, body: '# TYPE foo histogrammm\n', line: 1, message: /invalid metric type "histogrammm"/ },
  { name: 'OpenMetrics without # EOF', format: OM, body: 'foo 1\n', line: 1, message: /does not end with "# EOF"/ },
  { name: 'OpenMetrics data after # EOF', format: OM, body: '# EOF\nfoo 1\n', line: 2, message: /unexpected data after "# EOF"/ },
  { name: 'OpenMetrics blank line', format: OM, body: 'foo 1\n\n# EOF\n', line: 2, message: /empty line/ },
  { name: 'OpenMetrics two spaces', format: OM, body: 'foo  1\n# EOF\n', line: 1, message: /invalid value ""|missing value/ },
  { name: 'OpenMetrics plain comment', format: OM, body: '# hello\n# EOF\n', line: 1, message: /allows only/ },
  { name: 'OpenMetrics untyped', format: OM, body: '# TYPE foo untyped\n# EOF\n', line: 1, message: /invalid metric type "untyped"/ },
  { name: 'OpenMetrics unit not a suffix', format: OM, body: '# UNIT foo_seconds bytes\n# EOF\n', line: 1, message: /unit "bytes" is not a suffix of metric "foo_seconds"/ },
  { name: 'OpenMetrics NaN timestamp', format: OM, body: 'foo 1 NaN\n# EOF\n', line: 1, message: /invalid timestamp "NaN"/ },
  { name: 'OpenMetrics broken exemplar', format: OM, body: 'foo_total 1 # {a="b"}\n# EOF\n', line: 1, message: /unexpected end of line after the exemplar labels/ },
  { name: 'OpenMetrics exemplar without braces', format: OM, body: 'foo_total 1 # a 1\n# EOF\n', line: 1, message: /unexpected "# a 1" after the sample value/ },
  { name: 'OpenMetrics text after the exemplar', format: OM, body: 'foo_total 1 # {} 1 2 3\n# EOF\n', line: 1, message: /after the exemplar/ },
];

describe('parseExposition errors', () => {
  it.each(ERRORS)('$name → line $line', (e) => {
    const result = parseExposition(e.body, e.format);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.line).toBe(e.line);
    expect(result.error.message).toMatch(e.message);
  });
});

describe('formatOfContentType', () => {
  it.each([
    ['application/openmetrics-text; version=1.0.0; charset=utf-8', 'openmetrics-text'],
    ['application/openmetrics-text;version=0.0.1', 'openmetrics-text'],
    ['text/plain; version=0.0.4; charset=utf-8', 'prometheus-text'],
    ['', 'prometheus-text'],
    [null, 'prometheus-text'],
    ['text/html', 'prometheus-text'],
    ['application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited', undefined],
  ])('%s → %s', (contentType, format) => {
    expect(formatOfContentType(contentType)).toBe(format);
  });
});
