import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import wavefilePkg from 'wavefile';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import direct from '../../flows/hotline-12345-direct.js';
import { traceWav } from '../../src/audio/call-trace.js';
import { writeMuLawWav } from '../../src/audio/pcm.js';
import { generateDtmf } from '../../src/audio/tone-generator.js';
import { buildApp } from '../../src/server/app.js';
import { MemoryCallStore } from '../../src/store/memory-call-store.js';
import { parseRecordingMetadata } from '../../src/record/recording-metadata.js';
import { AUTH_TOKEN, PUBLIC_URL, callParams, post } from '../helpers/signed-client.js';
import type { FastifyInstance } from 'fastify';
import { closed } from '../helpers/media-stream-client.js';

const { WaveFile } = wavefilePkg;
const TOKEN = AUTH_TOKEN;
const live: string[] = [];
const dir = mkdtempSync(join(tmpdir(), 'hotline-media-'));
let app: FastifyInstance;
let port = 0;

beforeAll(async () => {
  app = await buildApp({
    flow: direct,
    store: new MemoryCallStore(),
    publicUrl: PUBLIC_URL,
    authToken: TOKEN,
    recordingsDir: dir,
    onLiveDigit: (_callSid, digit) => live.push(digit.digit),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  port = (app.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

function open(signature: string | null): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/media`, {
      headers: signature ? { 'x-twilio-signature': signature } : {},
    });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

async function waitFor(test: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !test(); i += 1) await new Promise((r) => setTimeout(r, 20));
}

describe('Twilio Media Streams capture over a real loopback WebSocket', () => {
  it('starts the stream from the flow, writes the caller audio as mu-law WAV whose analysis finds the keys sent, with hotline-recording/1 metadata', async () => {
    const callSid = `CA${'2'.repeat(32)}`;
    const first = await post(app, '/voice', callParams(callSid, { From: '+8613800138000' }));
    // The direct flow records from its greeting: the first document starts the stream, with the flow as a parameter.
    expect(first.body).toMatch(
      /<Response><Start><Stream url="wss:\/\/hotline\.test\/media" track="inbound_track"><Parameter name="flow" value="hotline-12345-direct"\/><\/Stream><\/Start>/,
    );
    const second = await post(app, `/voice/gather?turn=1`, callParams(callSid, { Digits: '1' }));
    expect(second.body).not.toMatch(/<Start>/);

    const sent = '1593#';
    const tones = generateDtmf(sent, { toneSec: 0.1, pauseSec: 0.1 }).samples;
    const audio = new Float32Array(tones.length + 16000);
    audio.set(tones);
    const muLaw = new WaveFile(writeMuLawWav(audio)).getSamples(false, Uint8Array) as unknown as Uint8Array;
    const ws = await open(twilio.getExpectedTwilioSignature(TOKEN, 'wss://hotline.test/media', {}));
    const streamSid = `MZ${'1'.repeat(32)}`;
    ws.send(JSON.stringify({ event: 'connected', protocol: 'Call', version: '1.0.0' }));
    ws.send(
      JSON.stringify({
        event: 'start',
        sequenceNumber: '1',
        streamSid,
        start: {
          streamSid,
          accountSid: `AC${'0'.repeat(32)}`,
          callSid,
          tracks: ['inbound'],
          customParameters: { flow: 'hotline-12345-direct' },
          mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
        },
      }),
    );
    for (let i = 0, chunk = 1; i < muLaw.length; i += 160, chunk += 1) {
      const payload = Buffer.from(muLaw.subarray(i, i + 160)).toString('base64');
      ws.send(
        JSON.stringify({
          event: 'media',
          sequenceNumber: String(chunk + 1),
          streamSid,
          media: { track: 'inbound', chunk: String(chunk), timestamp: String((chunk - 1) * 20), payload },
        }),
      );
    }
    ws.send(
      JSON.stringify({ event: 'dtmf', sequenceNumber: '998', streamSid, dtmf: { track: 'inbound_track', digit: '7' } }),
    );
    ws.send(
      JSON.stringify({
        event: 'stop',
        sequenceNumber: '999',
        streamSid,
        stop: { accountSid: `AC${'0'.repeat(32)}`, callSid },
      }),
    );
    const base = join(dir, `${callSid}-${streamSid}`);
    // The server closes the socket once the stream's audio is on disk.
    expect(await closed(ws)).toEqual({ code: 1000, reason: 'stream stopped' });
    await waitFor(() => existsSync(`${base}.json`) && readFileSync(`${base}.json`, 'utf8').includes('"digit": "7"'));

    const trace = traceWav(readFileSync(`${base}.wav`), 'stream.wav');
    expect(trace.digits.map((d) => d.digit).join('')).toBe(sent);
    expect(trace.durationSec).toBeCloseTo(audio.length / 8000, 1);
    expect(live).toEqual([...sent]);
    // Written while the call is still open (the stream ended first): valid, marked incomplete, the queue step open.
    const early = parseRecordingMetadata(JSON.parse(readFileSync(`${base}.json`, 'utf8')), 'early');
    expect(early).toMatchObject({
      callSid,
      flowId: 'hotline-12345-direct',
      complete: false,
      audio: { file: `${callSid}-${streamSid}.wav`, truncated: null },
      dtmf: [{ digit: '7' }],
    });
    expect(early.journey.map((st) => `${st.state}:${st.event?.type ?? '-'}`)).toEqual(['welcome:DIGITS', 'queue:-']);

    // The caller hangs up in the queue: the status callback completes the metadata.
    await post(app, '/voice/status', callParams(callSid, { CallStatus: 'completed', CallDuration: '12' }));
    await waitFor(() => JSON.parse(readFileSync(`${base}.json`, 'utf8')).complete === true);
    const text = readFileSync(`${base}.json`, 'utf8');
    const meta = parseRecordingMetadata(JSON.parse(text), 'final');
    expect(meta).toMatchObject({
      complete: true,
      outcome: 'abandoned',
      destination: 'queue:general',
      endedBy: 'caller',
    });
    expect(meta.callerHash).toMatch(/^[0-9a-f]{32}$/);
    expect(meta.journey.map((st) => `${st.state}:${st.event?.type ?? '-'}`)).toEqual([
      'welcome:DIGITS',
      'queue:HANGUP',
      'callerHungUp:-',
    ]);
    expect(text).not.toMatch(/8613800138000/);
  });

  it('keeps the metadata of a message left with <Record> (where Twilio keeps it), even without a stream', async () => {
    const callSid = `CA${'3'.repeat(32)}`;
    await post(app, '/voice', callParams(callSid));
    await post(app, '/voice/gather?turn=1', callParams(callSid, { Digits: '1' }));
    const record = await post(app, '/voice/queue-result?turn=2', callParams(callSid, { QueueResult: 'queue-full' }));
    expect(record.body).toMatch(/<Record /);
    const url = 'https://api.twilio.com/2010-04-01/Accounts/AC0/Recordings/RE1';
    await post(
      app,
      '/voice/record-result?turn=3',
      callParams(callSid, { RecordingUrl: url, RecordingDuration: '7', Digits: '#' }),
    );
    await post(app, '/voice/status', callParams(callSid, { CallStatus: 'completed' }));
    const file = join(dir, `${callSid}-message.json`);
    await waitFor(() => existsSync(file));
    const meta = parseRecordingMetadata(JSON.parse(readFileSync(file, 'utf8')), file);
    expect(meta).toMatchObject({
      audio: null,
      outcome: 'voicemail',
      destination: 'queue:general',
      messages: [{ url, durationSec: 7 }],
    });
  });

  it('refuses an unsigned upgrade', async () => {
    await expect(open(null)).rejects.toThrow(/HTTP 403/);
  });
});
