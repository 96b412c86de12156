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
import type { FastifyInstance } from 'fastify';

const { WaveFile } = wavefilePkg;
const TOKEN = 'media-test-token';
const dir = mkdtempSync(join(tmpdir(), 'hotline-media-'));
let app: FastifyInstance;
let port = 0;

beforeAll(async () => {
  app = await buildApp({ flow: direct, store: new MemoryCallStore(), publicUrl: 'https://hotline.test', authToken: TOKEN, recordingsDir: dir });
  await app.listen({ host: '127.0.0.1', port: 0 });
  port = (app.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

function open(signature: string | null): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/media`, { headers: signature ? { 'x-twilio-signature': signature } : {} });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

async function waitFor(file: string): Promise<void> {
  for (let i = 0; i < 100 && !existsSync(file); i += 1) await new Promise((r) => setTimeout(r, 20));
}

describe('Twilio Media Streams capture over a real loopback WebSocket', () => {
  it('writes the caller audio as mu-law WAV whose analysis finds the keys sent, with metadata', async () => {
    const sent = '1593#';
    const tones = generateDtmf(sent, { toneSec: 0.1, pauseSec: 0.1 }).samples;
    const audio = new Float32Array(tones.length + 16000);
    audio.set(tones);
    const muLaw = new WaveFile(writeMuLawWav(audio)).getSamples(false, Uint8Array) as unknown as Uint8Array;

    const ws = await open(twilio.getExpectedTwilioSignature(TOKEN, 'wss://hotline.test/media', {}));
    const streamSid = `MZ${'1'.repeat(32)}`;
    const callSid = `CA${'2'.repeat(32)}`;
    ws.send(JSON.stringify({ event: 'connected', protocol: 'Call', version: '1.0.0' }));
    ws.send(JSON.stringify({ event: 'start', sequenceNumber: '1', streamSid, start: { streamSid, accountSid: `AC${'0'.repeat(32)}`, callSid, tracks: ['inbound'], customParameters: { flow: 'direct' }, mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 } } }));
    for (let i = 0, chunk = 1; i < muLaw.length; i += 160, chunk += 1) {
      const payload = Buffer.from(muLaw.subarray(i, i + 160)).toString('base64');
      ws.send(JSON.stringify({ event: 'media', sequenceNumber: String(chunk + 1), streamSid, media: { track: 'inbound', chunk: String(chunk), timestamp: String((chunk - 1) * 20), payload } }));
    }
    ws.send(JSON.stringify({ event: 'stop', sequenceNumber: '999', streamSid, stop: { accountSid: `AC${'0'.repeat(32)}`, callSid } }));
    const base = join(dir, `${callSid}-${streamSid}`);
    await waitFor(`${base}.json`);
    ws.close();

    const trace = traceWav(readFileSync(`${base}.wav`), 'stream.wav');
    expect(trace.digits.map((d) => d.digit).join('')).toBe(sent);
    expect(trace.durationSec).toBeCloseTo(audio.length / 8000, 1);
    const meta = JSON.parse(readFileSync(`${base}.json`, 'utf8'));
    expect(meta).toMatchObject({ callSid, streamSid, customParameters: { flow: 'direct' } });
    expect(meta.digits.map((d: { digit: string }) => d.digit).join('')).toBe(sent);
    expect(meta.liveDigits.map((d: { digit: string }) => d.digit).join('')).toBe(sent);
    expect(JSON.stringify(meta)).not.toMatch(/\+86/);
  });

  it('refuses an unsigned upgrade', async () => {
    await expect(open(null)).rejects.toThrow(/HTTP 403/);
  });
});
