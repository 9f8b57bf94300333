// A realistic ExportTraceServiceRequest in braid's model: one service instance, traces of ~8
// spans, 10 attributes per span (strings, ints, a double, a bool), an exception event on 10% of
// spans. Seeded, so every run decodes the same bytes.

const ROUTES = ['/api/orders', '/api/orders/:id', '/api/cart', '/api/pay', '/api/search', '/api/users/:id'];
const METHODS = ['GET', 'POST', 'PUT', 'DELETE'];

/** mulberry32: a small seeded PRNG. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function id(random, n) {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = 1 + Math.floor(random() * 255);
  return out;
}

const pick = (random, list) => list[Math.floor(random() * list.length)];

/** TracesData with `count` spans. */
export function tracesRequest(count, seed = 42) {
  const random = rng(seed);
  const base = 1_700_000_000_000_000_000n;
  const spans = [];
  let traceId;
  let rootId;
  for (let i = 0; i < count; i++) {
    const isRoot = i % 8 === 0;
    if (isRoot) {
      traceId = id(random, 16);
      rootId = id(random, 8);
    }
    const start = base + BigInt(Math.floor(random() * 1e12));
    const duration = BigInt(Math.floor(random() * random() * 5e8));
    const route = pick(random, ROUTES);
    const status = random() < 0.02 ? 500 : 200;
    spans.push({
      traceId,
      spanId: isRoot ? rootId : id(random, 8),
      traceState: '',
      parentSpanId: isRoot ? undefined : rootId,
      flags: 0x101,
      name: isRoot ? `${pick(random, METHODS)} ${route}` : 'SELECT orders.items',
      kind: isRoot ? 2 : 3,
      startTimeUnixNano: start,
      endTimeUnixNano: start + duration,
      attributes: [
        { key: 'http.request.method', value: pick(random, METHODS) },
        { key: 'http.route', value: route },
        { key: 'http.response.status_code', value: BigInt(status) },
        { key: 'url.scheme', value: 'https' },
        { key: 'server.address', value: 'orders.internal' },
        { key: 'server.port', value: 8080n },
        { key: 'network.protocol.version', value: '1.1' },
        { key: 'user_agent.original', value: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36' },
        { key: 'app.cart.total', value: Math.round(random() * 100000) / 100 },
        { key: 'app.premium', value: random() < 0.3 },
      ],
      droppedAttributesCount: 0,
      events:
        random() < 0.1
          ? [
              {
                timeUnixNano: start + 1000n,
                name: 'exception',
                attributes: [
                  { key: 'exception.type', value: 'TimeoutError' },
                  { key: 'exception.message', value: 'upstream timed out after 5000 ms' },
                ],
                droppedAttributesCount: 0,
              },
            ]
          : [],
      droppedEventsCount: 0,
      links: [],
      droppedLinksCount: 0,
      status: { code: status === 500 ? 2 : 0, message: '' },
    });
  }
  const resource = {
    attributes: [
      { key: 'service.name', value: 'orders' },
      { key: 'service.version', value: '1.4.2' },
      { key: 'service.instance.id', value: 'orders-7f9c4d' },
      { key: 'deployment.environment.name', value: 'prod' },
      { key: 'host.name', value: 'node-3' },
      { key: 'telemetry.sdk.language', value: 'nodejs' },
    ],
    droppedAttributesCount: 0,
  };
  const scope = { name: '@opentelemetry/instrumentation-http', version: '0.52.1', attributes: [], droppedAttributesCount: 0 };
  return { resourceSpans: [{ resource, schemaUrl: '', scopeSpans: [{ scope, schemaUrl: '', spans }] }] };
}
