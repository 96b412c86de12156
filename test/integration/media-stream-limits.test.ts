import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import direct from '../../flows/hotline-12345-direct.js';
import { readWav } from '../../src/audio/pcm.js';
import { parseRecordingMetadata } from '../../src/record/recording-metadata.js';
import { buildApp } from '../../src/server/app.js';
import { ELAPSED_MARGIN_BYTES, MAX_STREAM_BYTES } from '../../src/server/media/stream-capture.js';
import { SqliteCallStore } from '../../src/store/sqlite-call-store.js';
import { closed, mediaMessage, startMessage, stopMessage, listenForStreams } from '../helpers/media-stream-client.js';
import { TestClock } from '../helpers/path-driver.js';
import { AUTH_TOKEN, PUBLIC_URL, callParams, post } from '../helpers/signed-client.js';

const dir = mkdtempSync(join(tmpdir(), 'hotline-media-limits-'));
const recordings = join(dir, 'recordings');
const clock = new TestClock();
let store: SqliteCallStore;
let app: FastifyInstance;
let open: Awaited<ReturnType<typeof listenForStreams>>['open'];
let sidCounter = 0;

beforeAll(async () => {
  store = new SqliteCallStore(join(dir, 'calls.db'));
  app = await buildApp({
    flow: direct,
    store,
    publicUrl: PUBLIC_URL,
    authToken: AUTH_TOKEN,
    recordingsDir: recordings,
    clock: clock.now,
  });
  ({ open } = await listenForStreams(app, AUTH_TOKEN));
});
afterAll(async () => {
  await app.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A fresh CallSid and StreamSid. */
function sids(): { callSid: string; streamSid: string } {
  sidCounter += 1;
  const n = String(sidCounter).padStart(32, '0');
  return { callSid: `CA${n}`, streamSid: `MZ${n}` };
}

async function liveCall(callSid: string): Promise<void> {
  expect((await post(app, '/voice', callParams(callSid))).status).toBe(200);
}

async function waitFor(test: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !test(); i += 1) await new Promise((r) => setTimeout(r, 20));
  expect(test()).toBe(true);
}

function metadata(callSid: string, streamSid: string) {
  return parseRecordingMetadata(
    JSON.parse(readFileSync(join(recordings, `${callSid}-${streamSid}.json`), 'utf8')),
    'metadata',
  );
}

describe('Media Streams are bound to calls in progress', () => {
  it('refuses a stream for a CallSid the store does not hold, and writes nothing for it', async () => {
    const { callSid, streamSid } = sids();
    const ws = await open();
    ws.send(JSON.stringify(startMessage(callSid, streamSid)));
    const end = await closed(ws);
    expect(end.code).toBe(1008);
    expect(end.reason).toBe(`HOTLINE_STREAM_REJECTED: call ${callSid} is not in progress`);
    expect(readdirSync(recordings).filter((f) => f.startsWith(callSid))).toEqual([]);
  });

  it('refuses a stream for a call that has ended', async () => {
    const { callSid, streamSid } = sids();
    await liveCall(callSid);
    await post(app, '/voice/status', callParams(callSid, { CallStatus: 'completed' }));
    const ws = await open();
    ws.send(JSON.stringify(startMessage(callSid, streamSid)));
    expect((await closed(ws)).reason).toBe(`HOTLINE_STREAM_REJECTED: call ${callSid} is not in progress`);
  });

  it('refuses a second stream while the first is open, and another once the call has a recording', async () => {
    const { callSid, streamSid } = sids();
    await liveCall(callSid);
    const first = await open();
    first.send(JSON.stringify(startMessage(callSid, streamSid)));
    await waitFor(() => existsSync(join(recordings, `${callSid}.stream`)));
    const second = await open();
    second.send(JSON.stringify(startMessage(callSid, 'MZreplayed')));
    expect((await closed(second)).reason).toBe(
      `HOTLINE_STREAM_REJECTED: call ${callSid} already has a stream or a recording`,
    );
    first.send(JSON.stringify(mediaMessage(streamSid, 1, 0, new Uint8Array(160).fill(0x7f))));
    first.send(JSON.stringify(stopMessage(callSid, streamSid)));
    expect((await closed(first)).code).toBe(1000);
    const third = await open();
    third.send(JSON.stringify(startMessage(callSid, 'MZreplayed')));
    expect((await closed(third)).reason).toBe(
      `HOTLINE_STREAM_REJECTED: call ${callSid} already has a stream or a recording`,
    );
    expect(readdirSync(recordings).filter((f) => f.includes('MZreplayed'))).toEqual([]);
    expect(readWav(readFileSync(join(recordings, `${callSid}-${streamSid}.wav`))).samples.length).toBe(160);
  });

  it('closes a stream still open 5 s after its call ended, and completes its metadata', async () => {
    const { callSid, streamSid } = sids();
    await liveCall(callSid);
    const ws = await open();
    ws.send(JSON.stringify(startMessage(callSid, streamSid)));
    ws.send(JSON.stringify(mediaMessage(streamSid, 1, 0, new Uint8Array(1600).fill(0x7f))));
    await waitFor(() => existsSync(join(recordings, `${callSid}.stream`)));
    await post(app, '/voice/status', callParams(callSid, { CallStatus: 'completed' }));
    expect(await closed(ws, 30_000)).toEqual({ code: 1000, reason: 'stream stopped' });
    await waitFor(() => metadata(callSid, streamSid).complete);
    expect(metadata(callSid, streamSid)).toMatchObject({
      complete: true,
      outcome: 'ivr-hangup',
      audio: { truncated: null },
    });
    expect(existsSync(join(recordings, `${callSid}.stream`))).toBe(false);
  }, 40_000);

  it('ends only the stream a malformed message arrives on, keeping its audio, marked cut by a bad message', async () => {
    const { callSid, streamSid } = sids();
    await liveCall(callSid);
    const ws = await open();
    ws.send(JSON.stringify(startMessage(callSid, streamSid)));
    ws.send(JSON.stringify(mediaMessage(streamSid, 1, 0, new Uint8Array(800).fill(0x7f))));
    ws.send('null');
    const end = await closed(ws);
    expect(end).toEqual({
      code: 1008,
      reason: 'HOTLINE_STREAM_MESSAGE_INVALID: message: Invalid input: expected object, received null',
    });
    await waitFor(() => metadata(callSid, streamSid).audio?.truncated === 'bad-message');
    expect(readWav(readFileSync(join(recordings, `${callSid}-${streamSid}.wav`))).samples.length).toBe(800);
    expect((await app.inject('/health')).statusCode).toBe(200);
  });
});

describe('the audio of a stream is capped', () => {
  it('by the time since it started: a few hundred bytes of messages asking for hours of silence write at most 10 s', async () => {
    const { callSid, streamSid } = sids();
    await liveCall(callSid);
    const before = process.memoryUsage();
    const ws = await open();
    ws.send(JSON.stringify(startMessage(callSid, streamSid)));
    // Each frame claims to come an hour after the previous one: without a cap, 28.8 MB of silence per message.
    const frames = [0, 3_600_000, 7_200_000, 999_999_999_999].map((ms, i) =>
      JSON.stringify(mediaMessage(streamSid, i + 1, ms, new Uint8Array(160).fill(0x7f))),
    );
    for (const f of frames) ws.send(f);
    const end = await closed(ws);
    const wav = join(recordings, `${callSid}-${streamSid}.wav`);
    await waitFor(() => metadata(callSid, streamSid).audio?.truncated === 'size-cap');
    const after = process.memoryUsage();
    expect(end.code).toBe(1008);
    expect(end.reason).toMatch(
      /^HOTLINE_STREAM_TOO_LONG: more audio than the stream's time allows \(cap 80000 bytes\)$/,
    );
    expect(statSync(wav).size).toBe(60 + 160);
    console.log(
      `cap by elapsed time: ${frames.reduce((n, f) => n + f.length, 0)} bytes of messages asking for ${((999_999_999_999 * 8) / 1e12).toFixed(0)} TB -> ${statSync(wav).size} bytes written (cap ${ELAPSED_MARGIN_BYTES} at 0 s elapsed); heap +${((after.heapUsed - before.heapUsed) / 1e6).toFixed(1)} MB, arrayBuffers +${((after.arrayBuffers - before.arrayBuffers) / 1e6).toFixed(1)} MB`,
    );
  });

  it('by the 4 hours a call can last: a stream at its cap writes 115.2 MB with bounded memory, then is ended', async () => {
    const { callSid, streamSid } = sids();
    await liveCall(callSid);
    const ws = await open();
    ws.send(JSON.stringify(startMessage(callSid, streamSid)));
    ws.send(JSON.stringify(mediaMessage(streamSid, 1, 0, new Uint8Array(160).fill(0x7f))));
    await waitFor(() => existsSync(join(recordings, `${callSid}.stream`)));
    const before = process.memoryUsage();
    clock.advance(5 * 3600);
    // The last frame that fits ends exactly at 4 hours; the one after it is past the cap.
    ws.send(JSON.stringify(mediaMessage(streamSid, 2, 4 * 3600 * 1000 - 20, new Uint8Array(160).fill(0x7f))));
    ws.send(JSON.stringify(mediaMessage(streamSid, 3, 4 * 3600 * 1000, new Uint8Array(160).fill(0x7f))));
    const end = await closed(ws, 60_000);
    const after = process.memoryUsage();
    clock.advance(-5 * 3600);
    const wav = join(recordings, `${callSid}-${streamSid}.wav`);
    expect(end.reason).toBe(
      `HOTLINE_STREAM_TOO_LONG: more audio than the stream's time allows (cap ${MAX_STREAM_BYTES} bytes)`,
    );
    expect(statSync(wav).size).toBe(60 + MAX_STREAM_BYTES);
    await waitFor(() => metadata(callSid, streamSid).audio?.truncated === 'size-cap');
    console.log(
      `stream at its 4-hour cap: ${statSync(wav).size} bytes written (${MAX_STREAM_BYTES} of audio + 60 header); rss +${((after.rss - before.rss) / 1e6).toFixed(1)} MB, heap +${((after.heapUsed - before.heapUsed) / 1e6).toFixed(1)} MB, arrayBuffers +${((after.arrayBuffers - before.arrayBuffers) / 1e6).toFixed(1)} MB`,
    );
    // Writing 115 MB must not hold it in memory (page cache is not the process's rss).
    expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(16e6);
    rmSync(wav);
  }, 120_000);
});
