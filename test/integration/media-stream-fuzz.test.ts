import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import direct from '../../flows/hotline-12345-direct.js';
import { buildApp } from '../../src/server/app.js';
import { MEDIA_MAX_PAYLOAD_BYTES } from '../../src/server/routes/media.js';
import { ELAPSED_MARGIN_BYTES } from '../../src/server/media/stream-capture.js';
import { SqliteCallStore } from '../../src/store/sqlite-call-store.js';
import { closed, mediaMessage, openStream, startMessage, stopMessage } from '../helpers/media-stream-client.js';
import { AUTH_TOKEN, PUBLIC_URL, callParams, post } from '../helpers/signed-client.js';

/**
 * fast-check runs per message kind; each run is a batch of STREAMS_PER_RUN
 * generated streams sent at once, each over its own WebSocket (concurrent
 * streams are what the server sees, and the batch keeps the test near 30 s on
 * two busy cores). 9 kinds x 100 runs x 3 = 2,700 streams.
 */
const RUNS_PER_KIND = Number(process.env.FUZZ_RUNS ?? 100);
const STREAMS_PER_RUN = 3;
const KINDS = [
  'connected',
  'start',
  'media',
  'dtmf',
  'stop',
  'mark',
  'unknown',
  'non-JSON',
  'non-object JSON',
] as const;
type Kind = (typeof KINDS)[number];

const dir = mkdtempSync(join(tmpdir(), 'hotline-media-fuzz-'));
const recordings = join(dir, 'recordings');
let store: SqliteCallStore;
let app: FastifyInstance;
let base = '';
let serial = 0;
const ENDED = `CA${'e'.repeat(32)}`;
const uncaught: unknown[] = [];
const onUncaught = (error: unknown) => uncaught.push(error);

beforeAll(async () => {
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onUncaught);
  store = new SqliteCallStore(join(dir, 'calls.db'));
  app = await buildApp({
    flow: direct,
    store,
    publicUrl: PUBLIC_URL,
    authToken: AUTH_TOKEN,
    recordingsDir: recordings,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  await post(app, '/voice', callParams(ENDED));
  await post(app, '/voice/status', callParams(ENDED, { CallStatus: 'completed' }));
}, 60_000);
afterAll(async () => {
  process.off('uncaughtException', onUncaught);
  process.off('unhandledRejection', onUncaught);
  await app.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

/** A valid value most of the time; otherwise missing or any JSON value at all (wrong types, nesting, odd numbers). */
function field<T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 12, arbitrary: valid },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.jsonValue() },
  );
}

/** Placeholders the case replaces with its own call and stream. */
const LIVE = '__LIVE__';
const STREAM = '__STREAM__';
const sid = (prefix: string) =>
  fc.oneof(
    fc.constant(prefix === 'CA' ? LIVE : STREAM),
    fc.stringMatching(new RegExp(`^${prefix}[0-9a-f]{1,40}$`)),
    fc.string({ maxLength: 80 }),
  );
const counter = field(fc.oneof(fc.nat().map(String), fc.string({ maxLength: 12 })));
const timestamp = fc.oneof(
  fc.nat({ max: 10_000 }).map(String),
  fc.nat().map(String),
  fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }).map(String),
  fc.constantFrom('NaN', '-1', '1e9', '0.5', '', 'Infinity', '99999999999999999999'),
);
const payload = fc.oneof(
  fc.uint8Array({ maxLength: 480 }).map((b) => Buffer.from(b).toString('base64')),
  fc.base64String({ maxLength: 400 }),
  fc.string({ maxLength: 64 }),
);

const KIND_ARBITRARIES: Record<Kind, fc.Arbitrary<unknown>> = {
  connected: fc.record({
    event: fc.constant('connected'),
    protocol: field(fc.constant('Call')),
    version: field(fc.constant('1.0.0')),
  }),
  start: fc.record({
    event: fc.constant('start'),
    sequenceNumber: counter,
    streamSid: field(sid('MZ')),
    start: field(
      fc.record({
        streamSid: field(sid('MZ')),
        accountSid: field(fc.constant(`AC${'0'.repeat(32)}`)),
        callSid: field(fc.oneof(sid('CA'), fc.constant(ENDED), fc.constant(`CA${'f'.repeat(32)}`))),
        tracks: field(fc.constant(['inbound'])),
        customParameters: field(
          fc.dictionary(fc.string({ maxLength: 300 }), fc.oneof(fc.string({ maxLength: 40 }), fc.jsonValue()), {
            maxKeys: 40,
          }),
        ),
        mediaFormat: field(
          fc.record({
            encoding: field(fc.constant('audio/x-mulaw')),
            sampleRate: field(fc.constantFrom(8000, 16000)),
            channels: field(fc.constantFrom(1, 2)),
          }),
        ),
      }),
    ),
  }),
  media: fc.record({
    event: fc.constant('media'),
    sequenceNumber: counter,
    streamSid: field(sid('MZ')),
    media: field(
      fc.record({
        track: field(fc.constantFrom('inbound', 'outbound')),
        chunk: counter,
        timestamp: field(timestamp),
        payload: field(payload),
      }),
    ),
  }),
  dtmf: fc.record({
    event: fc.constant('dtmf'),
    sequenceNumber: counter,
    streamSid: field(sid('MZ')),
    dtmf: field(
      fc.record({
        track: field(fc.constant('inbound_track')),
        digit: field(fc.oneof(fc.constantFrom(...'0123456789*#ABCD'), fc.string({ maxLength: 3 }))),
      }),
    ),
  }),
  stop: fc.record({
    event: fc.constant('stop'),
    sequenceNumber: counter,
    streamSid: field(sid('MZ')),
    stop: field(fc.record({ accountSid: field(fc.string()), callSid: field(sid('CA')) })),
  }),
  mark: fc.record({
    event: fc.constant('mark'),
    sequenceNumber: counter,
    streamSid: field(sid('MZ')),
    mark: field(fc.record({ name: field(fc.string({ maxLength: 300 })) })),
  }),
  unknown: fc
    .tuple(
      fc.string({ maxLength: 20 }).filter((e) => !(KINDS as readonly string[]).includes(e)),
      fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue(), { maxKeys: 5 }),
    )
    .map(([event, rest]) => ({ ...rest, event })),
  'non-JSON': fc.oneof(
    fc.string({ maxLength: 200 }).filter((t) => {
      try {
        JSON.parse(t);
        return false;
      } catch {
        return true;
      }
    }),
    fc.uint8Array({ minLength: 1, maxLength: 200 }).map((b) => Buffer.from(b)),
    fc.constant('x'.repeat(MEDIA_MAX_PAYLOAD_BYTES + 1)),
  ),
  'non-object JSON': fc
    .oneof(
      fc.constant(null),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.string({ maxLength: 40 }),
      fc.boolean(),
      fc.array(fc.jsonValue(), { maxLength: 5 }),
    )
    .map((v) => ({ raw: JSON.stringify(v) })),
};

/** How the fuzzed messages sit in the stream: after a valid start (the start itself, for the start kind), between valid frames. */
const caseArbitrary = (kind: Kind) =>
  fc.array(
    fc.record({
      fuzzed: fc.array(KIND_ARBITRARIES[kind], { minLength: 1, maxLength: 3 }),
      framesBefore: fc.nat({ max: 3 }),
      validStartFirst: fc.boolean(),
    }),
    { minLength: STREAMS_PER_RUN, maxLength: STREAMS_PER_RUN },
  );

const counts = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<Kind, number>;
const closes = new Map<string, number>();

/** The text of a fuzzed message, its placeholders replaced by this case's call and stream. */
function wire(message: unknown, callSid: string, streamSid: string): string | Buffer {
  if (Buffer.isBuffer(message)) return message;
  if (typeof message === 'string') return message;
  const text =
    message !== null && typeof message === 'object' && 'raw' in message && Object.keys(message).length === 1
      ? String((message as { raw: string }).raw)
      : JSON.stringify(message);
  return text.replaceAll(`"${LIVE}"`, JSON.stringify(callSid)).replaceAll(`"${STREAM}"`, JSON.stringify(streamSid));
}

async function runCase(
  kind: Kind,
  c: { fuzzed: unknown[]; framesBefore: number; validStartFirst: boolean },
): Promise<void> {
  counts[kind] += 1;
  serial += 1;
  const n = String(serial).padStart(32, '0');
  const callSid = `CA${n}`;
  const streamSid = `MZ${n}`;
  expect((await post(app, '/voice', callParams(callSid))).status).toBe(200);
  const ws: WebSocket = await openStream(`ws://${base}/media`, {
    token: AUTH_TOKEN,
    signedUrl: 'wss://hotline.test/media',
  });
  const done = closed(ws, 15_000);
  const send = (m: unknown) => {
    if (ws.readyState === ws.OPEN) ws.send(wire(m, callSid, streamSid));
  };
  send({ event: 'connected', protocol: 'Call', version: '1.0.0' });
  if (kind !== 'start' || c.validStartFirst) send(startMessage(callSid, streamSid));
  for (let i = 0; i < c.framesBefore; i += 1)
    send(mediaMessage(streamSid, i + 1, i * 20, new Uint8Array(160).fill(0x7f)));
  for (const m of c.fuzzed) send(m);
  send(mediaMessage(streamSid, 9, 1000, new Uint8Array(160).fill(0x7f)));
  send(stopMessage(callSid, streamSid));
  // Every case ends with the server closing the socket: at the stop, or earlier for a refused or malformed message.
  const end = await done;
  const key = `${end.code} ${
    end.reason
      .replace(/CA[0-9a-f]{32}/g, 'CA…')
      .replace(/\(cap \d+ bytes\)/, '(cap …)')
      .split(':')[0]
  }`;
  closes.set(key, (closes.get(key) ?? 0) + 1);
}

/** One fast-check run: its streams at once, then the server must still answer /health over HTTP. */
async function runBatch(
  kind: Kind,
  batch: { fuzzed: unknown[]; framesBefore: number; validStartFirst: boolean }[],
): Promise<void> {
  await Promise.all(batch.map((c) => runCase(kind, c)));
  const health = await fetch(`http://${base}/health`);
  expect(health.status).toBe(200);
  expect(uncaught).toEqual([]);
}

describe('fuzzing every Media Streams message kind over a real WebSocket', () => {
  it(`survives ${KINDS.length} x ${RUNS_PER_KIND} x ${STREAMS_PER_RUN} generated streams: the server answers /health after each, nothing escapes, resources stay bounded`, async () => {
    const handlesBefore = process.getActiveResourcesInfo().length;
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    for (const [i, kind] of KINDS.entries()) {
      await fc.assert(
        fc.asyncProperty(caseArbitrary(kind), (batch) => runBatch(kind, batch)),
        { numRuns: RUNS_PER_KIND, seed: 1100 + i, endOnFailure: false },
      );
    }
    const seconds = (performance.now() - started) / 1000;
    // Bounded: every stream was closed, so no socket, timer or file stays open; the audio written is within each stream's cap.
    await new Promise((r) => setTimeout(r, 100));
    const files = readdirSync(recordings);
    const wavBytes = files
      .filter((f) => f.endsWith('.wav'))
      .reduce((sum, f) => sum + statSync(join(recordings, f)).size, 0);
    const streams = files.filter((f) => f.endsWith('.wav')).length;
    expect(wavBytes).toBeLessThanOrEqual(streams * (60 + ELAPSED_MARGIN_BYTES));
    expect(process.getActiveResourcesInfo().length).toBeLessThanOrEqual(handlesBefore + 5);
    const heapGrowthMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
    expect(heapGrowthMb).toBeLessThan(200);
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    console.log(
      `media-stream fuzz: ${total} generated streams (${KINDS.length * RUNS_PER_KIND} fast-check runs of ${STREAMS_PER_RUN}) in ${seconds.toFixed(1)} s; per kind ${KINDS.map((k) => `${k} ${counts[k]}`).join(', ')}`,
    );
    console.log(
      `  streams accepted (WAV written): ${streams}, audio on disk ${(wavBytes / 1e6).toFixed(2)} MB; heap +${heapGrowthMb.toFixed(1)} MB; closes: ${[
        ...closes,
      ]
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => `${k} x${v}`)
        .join('; ')}`,
    );
    expect(total).toBe(KINDS.length * RUNS_PER_KIND * STREAMS_PER_RUN);
  }, 240_000);
});
