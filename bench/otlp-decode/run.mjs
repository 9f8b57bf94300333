// OTLP trace decode benchmark: braid's hand-written protobuf decoder against protobufjs (decode
// only, no toObject) on the same realistic ExportTraceServiceRequest; OTLP/JSON decode for scale.
//   npx tsc -b packages/otlp && node bench/otlp-decode/run.mjs [--spans 1000] [--seconds 2] [--rounds 5]
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import protobuf from 'protobufjs';
import { decodeTracesJson, decodeTracesProtobuf, encodeTracesJson, encodeTracesProtobuf } from '../../packages/otlp/dist/index.js';
import { tracesRequest } from './workload.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const { values: args } = parseArgs({
  options: {
    spans: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '5' },
  },
});
const spanCount = Number(args.spans);
const seconds = Number(args.seconds);
const rounds = Number(args.rounds);

// protobufjs over the schema written from the opentelemetry-proto .proto files (the tests' reference codec).
const schema = JSON.parse(readFileSync(`${root}packages/otlp/test/fixtures/otlp-schema.json`, 'utf8'));
const ExportTraceServiceRequest = protobuf.Root.fromJSON(schema).lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest');

const data = tracesRequest(spanCount);
const bytes = encodeTracesProtobuf(data);
const json = JSON.stringify(encodeTracesJson(data));

// Both decoders must read the same request before their speed means anything.
const ours = decodeTracesProtobuf(bytes);
if (!ours.ok) throw new Error(ours.error.message);
const theirs = ExportTraceServiceRequest.decode(bytes);
const count = (resourceSpans) => resourceSpans.reduce((n, rs) => n + rs.scopeSpans.reduce((m, ss) => m + ss.spans.length, 0), 0);
if (count(ours.value.resourceSpans) !== spanCount || count(theirs.resourceSpans) !== spanCount) throw new Error('decoders disagree on the span count');

const CASES = [
  { name: 'braid protobuf decode', size: bytes.length, run: () => decodeTracesProtobuf(bytes) },
  { name: 'protobufjs decode (no toObject)', size: bytes.length, run: () => ExportTraceServiceRequest.decode(bytes) },
  { name: 'braid OTLP/JSON decode', size: json.length, run: () => decodeTracesJson(json) },
  { name: 'JSON.parse alone', size: json.length, run: () => JSON.parse(json) },
];

let sink = 0;
/** Runs `fn` repeatedly for about `seconds`; returns decodes per second. */
function measure(fn, secondsToRun) {
  const deadline = process.hrtime.bigint() + BigInt(Math.round(secondsToRun * 1e9));
  const start = process.hrtime.bigint();
  let iterations = 0;
  let now = start;
  while (now < deadline) {
    for (let i = 0; i < 10; i++) sink ^= fn() === undefined ? 1 : 0;
    iterations += 10;
    now = process.hrtime.bigint();
  }
  return iterations / (Number(now - start) / 1e9);
}

for (const c of CASES) measure(c.run, 1); // warm up every JIT path first

const perSecond = new Map(CASES.map((c) => [c.name, []]));
for (let round = 0; round < rounds; round++) {
  // Interleaved rounds so a neighbour's load on the shared cores hits every case alike.
  for (const c of CASES) perSecond.get(c.name).push(measure(c.run, seconds));
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = CASES.map((c) => {
  const decodes = median(perSecond.get(c.name));
  return {
    name: c.name,
    payloadBytes: c.size,
    decodesPerSecond: Math.round(decodes),
    spansPerSecond: Math.round(decodes * spanCount),
    megabytesPerSecond: Number(((decodes * c.size) / 1e6).toFixed(1)),
    microsecondsPerSpan: Number((1e6 / (decodes * spanCount)).toFixed(3)),
  };
});
const braid = results[0];
const reference = results[1];
const report = {
  benchmark: 'otlp-decode',
  date: new Date().toISOString(),
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  workload: { spans: spanCount, attributesPerSpan: 10, eventsOnSpans: '10%', protobufBytes: bytes.length, jsonBytes: json.length },
  method: `median of ${rounds} interleaved rounds of ${seconds}s each, after a 1s warm-up per case`,
  results,
  speedupOverProtobufjs: Number((braid.decodesPerSecond / reference.decodesPerSecond).toFixed(2)),
};

mkdirSync(`${root}bench/results`, { recursive: true });
writeFileSync(`${root}bench/results/otlp-decode.json`, `${JSON.stringify(report, null, 2)}\n`);

console.log(`OTLP ExportTraceServiceRequest decode: ${spanCount} spans, ${bytes.length} B protobuf, ${json.length} B JSON (${report.node}, ${report.cpu})\n`);
console.log('| decoder | spans/s | MB/s | µs/span |');
console.log('|---|---:|---:|---:|');
for (const r of results) console.log(`| ${r.name} | ${r.spansPerSecond.toLocaleString('en-US')} | ${r.megabytesPerSecond} | ${r.microsecondsPerSpan} |`);
console.log(`\nbraid protobuf decode is ${report.speedupOverProtobufjs}x protobufjs decode; results in bench/results/otlp-decode.json`);
if (sink === 42) console.log('');
