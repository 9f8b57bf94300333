// Realistic OTLP payloads for the ingest benchmark: several services, ~10 attributes per span,
// events on some spans, log records with trace context. Deterministic (seeded) so runs compare.
import { unixNano } from '../../packages/model/dist/index.js';

const SERVICES = ['gateway', 'orders', 'payments', 'inventory', 'users', 'search', 'cart', 'shipping', 'email', 'fraud'];
const ROUTES = ['/api/orders', '/api/orders/:id', '/api/cart', '/api/pay', '/api/search', '/api/users/:id', '/health'];
const METHODS = ['GET', 'POST', 'PUT', 'DELETE'];

/** A small seeded PRNG (mulberry32) so every run sends the same data. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function bytes(random, n) {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(random() * 256);
  return out;
}

const pick = (random, list) => list[Math.floor(random() * list.length)];

function resourceOf(service, instance) {
  return {
    attributes: [
      { key: 'service.name', value: service },
      { key: 'service.version', value: '1.4.2' },
      { key: 'service.instance.id', value: `${service}-${instance}` },
      { key: 'deployment.environment', value: 'prod' },
      { key: 'host.name', value: `node-${instance}` },
      { key: 'telemetry.sdk.language', value: 'nodejs' },
    ],
    droppedAttributesCount: 0,
  };
}

const SCOPE = { name: '@opentelemetry/instrumentation-http', version: '0.52.1', attributes: [], droppedAttributesCount: 0 };

/** One export request of `count` spans: traces of ~8 spans from one service instance. */
export function tracesRequest(random, count, baseMs) {
  const service = pick(random, SERVICES);
  const spans = [];
  let traceId;
  let rootId;
  for (let i = 0; i < count; i++) {
    if (i % 8 === 0) {
      traceId = bytes(random, 16);
      rootId = bytes(random, 8);
    }
    const start = BigInt(Math.floor(baseMs + random() * 1000)) * 1_000_000n + BigInt(Math.floor(random() * 1e6));
    const duration = BigInt(Math.floor(random() * random() * 500_000_000));
    const route = pick(random, ROUTES);
    const status = random() < 0.02 ? 500 : 200;
    spans.push({
      traceId,
      spanId: i % 8 === 0 ? rootId : bytes(random, 8),
      traceState: '',
      parentSpanId: i % 8 === 0 ? undefined : rootId,
      flags: 1,
      name: i % 8 === 0 ? `${pick(random, METHODS)} ${route}` : `SELECT ${service}.items`,
      kind: i % 8 === 0 ? 2 : 3,
      startTimeUnixNano: unixNano(start),
      endTimeUnixNano: unixNano(start + duration),
      attributes: [
        { key: 'http.request.method', value: pick(random, METHODS) },
        { key: 'http.route', value: route },
        { key: 'http.response.status_code', value: BigInt(status) },
        { key: 'url.scheme', value: 'https' },
        { key: 'server.address', value: `${service}.internal` },
        { key: 'server.port', value: 8080n },
        { key: 'network.protocol.version', value: '1.1' },
        { key: 'user_agent.original', value: 'okhttp/4.12.0' },
        { key: 'app.customer_tier', value: pick(random, ['free', 'pro', 'enterprise']) },
        { key: 'app.items', value: BigInt(Math.floor(random() * 20)) },
      ],
      droppedAttributesCount: 0,
      events:
        random() < 0.1
          ? [{ timeUnixNano: unixNano(start + 1000n), name: 'exception', attributes: [{ key: 'exception.type', value: 'TimeoutError' }, { key: 'exception.message', value: 'upstream timed out' }], droppedAttributesCount: 0 }]
          : [],
      droppedEventsCount: 0,
      links: [],
      droppedLinksCount: 0,
      status: { code: status === 500 ? 2 : 0, message: '' },
    });
  }
  return { resourceSpans: [{ resource: resourceOf(service, Math.floor(random() * 3)), schemaUrl: '', scopeSpans: [{ scope: SCOPE, schemaUrl: '', spans }] }] };
}

const MESSAGES = [
  'request completed',
  'cache miss for key user:%d',
  'payment authorized amount=%d currency=EUR',
  'retrying upstream call attempt=%d',
  'order %d shipped',
  'slow query took %d ms',
];

/** One export request of `count` log records, half of them inside a span. */
export function logsRequest(random, count, baseMs) {
  const service = pick(random, SERVICES);
  const logRecords = [];
  for (let i = 0; i < count; i++) {
    const ts = BigInt(Math.floor(baseMs + random() * 1000)) * 1_000_000n + BigInt(Math.floor(random() * 1e6));
    const severity = random() < 0.05 ? 17 : random() < 0.2 ? 13 : 9;
    const inSpan = random() < 0.5;
    logRecords.push({
      timeUnixNano: unixNano(ts),
      observedTimeUnixNano: unixNano(ts + 1000n),
      severityNumber: severity,
      severityText: severity === 17 ? 'ERROR' : severity === 13 ? 'WARN' : 'INFO',
      body: pick(random, MESSAGES).replace('%d', String(Math.floor(random() * 100000))),
      attributes: [
        { key: 'code.function', value: pick(random, ['handle', 'charge', 'lookup', 'ship']) },
        { key: 'thread.id', value: BigInt(Math.floor(random() * 16)) },
      ],
      droppedAttributesCount: 0,
      flags: inSpan ? 1 : 0,
      traceId: inSpan ? bytes(random, 16) : undefined,
      spanId: inSpan ? bytes(random, 8) : undefined,
      eventName: '',
    });
  }
  return { resourceLogs: [{ resource: resourceOf(service, Math.floor(random() * 3)), schemaUrl: '', scopeLogs: [{ scope: { ...SCOPE, name: 'pino' }, schemaUrl: '', logRecords }] }] };
}

/** One export request with `series` gauge series of one point each (a scrape-like batch). */
export function metricsRequest(random, series, timeMs) {
  const service = pick(random, SERVICES);
  const dataPoints = [];
  for (let i = 0; i < series; i++) {
    dataPoints.push({
      attributes: [{ key: 'route', value: ROUTES[i % ROUTES.length] }, { key: 'shard', value: BigInt(i) }],
      startTimeUnixNano: unixNano(0n),
      timeUnixNano: unixNano(BigInt(timeMs) * 1_000_000n),
      flags: 0,
      value: random() * 1000,
      exemplars: [],
    });
  }
  return {
    resourceMetrics: [
      {
        resource: resourceOf(service, 0),
        schemaUrl: '',
        scopeMetrics: [{ scope: SCOPE, schemaUrl: '', metrics: [{ name: 'app.queue.depth', description: 'Items waiting', unit: '{item}', metadata: [], data: { type: 'gauge', dataPoints } }] }],
      },
    ],
  };
}
