import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { connect } from 'node:net';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import direct from '../../flows/hotline-12345-direct.js';
import { buildApp } from '../../src/server/app.js';
import { MemoryCallStore } from '../../src/store/memory-call-store.js';
import wavefilePkg from 'wavefile';
import { writeMuLawWav } from '../../src/audio/pcm.js';
import { generateDtmf } from '../../src/audio/tone-generator.js';
import {
  closed,
  openStream,
  sendAudio,
  startMessage,
  stopMessage,
  listenForStreams,
} from '../helpers/media-stream-client.js';
import { AUTH_TOKEN, PUBLIC_URL, callParams, post } from '../helpers/signed-client.js';

/** Media Streams messages a reviewer built to break the endpoint; each left a socket open (or worse) before its fix. */

const dir = mkdtempSync(join(tmpdir(), 'hotline-media-hostile-'));
let app: FastifyInstance;
let open: Awaited<ReturnType<typeof listenForStreams>>['open'];
const lines: string[] = [];

beforeAll(async () => {
  app = await buildApp({
    flow: direct,
    store: new MemoryCallStore(),
    publicUrl: PUBLIC_URL,
    authToken: AUTH_TOKEN,
    recordingsDir: join(dir, 'recordings'),
    logger: { destination: { write: (line: string) => lines.push(line) } },
  });
  ({ open } = await listenForStreams(app, AUTH_TOKEN));
});
afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('hostile Media Streams messages', () => {
  it('a bad parameter name in many-byte characters still closes the stream with a reason within 123 bytes', async () => {
    const sid = `CA${'e'.repeat(32)}`;
    await post(app, '/voice', callParams(sid));
    const ws = await open();
    const start = startMessage(sid, `MZ${'e'.repeat(32)}`) as { start: { customParameters: Record<string, string> } };
    start.start.customParameters = { ['着'.repeat(300)]: 'x' };
    ws.send(JSON.stringify(start));
    const close = await closed(ws, 5_000);
    expect(close.code).toBe(1008);
    expect(close.reason).toMatch(/^HOTLINE_STREAM_MESSAGE_INVALID: /);
    expect(Buffer.byteLength(close.reason)).toBeLessThanOrEqual(123);
    expect(close.reason, 'the name the sender chose is not echoed').not.toContain('着');
    expect(lines.join('')).not.toContain('media stream: a message failed');
  });

  it('keys a caller presses in-band (a number, an ID) are not written to the log one line per key', async () => {
    const sid = `CA${'f'.repeat(32)}`;
    const streamSid = `MZ${'f'.repeat(32)}`;
    await post(app, '/voice', callParams(sid));
    const tones = generateDtmf('13800138000', { toneSec: 0.1, pauseSec: 0.1 }).samples;
    const audio = new Float32Array(tones.length + 8000);
    audio.set(tones);
    const muLaw = new wavefilePkg.WaveFile(writeMuLawWav(audio)).getSamples(false, Uint8Array) as unknown as Uint8Array;
    const ws = await open();
    ws.send(JSON.stringify(startMessage(sid, streamSid)));
    sendAudio(ws, streamSid, muLaw);
    ws.send(JSON.stringify(stopMessage(sid, streamSid)));
    expect((await closed(ws)).code).toBe(1000);
    const keyLines = lines
      .flatMap((line) => line.split('\n'))
      .filter((line) => line.includes('"in-band key"'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(keyLines.length, 'each key detected is still noted').toBe(11);
    for (const line of keyLines) expect(line).not.toHaveProperty('digit');
  });
});

describe('slow senders', () => {
  it('a request whose body never arrives whole is closed after the request timeout; an open Media Stream is not', async () => {
    const slow = await buildApp({
      flow: direct,
      store: new MemoryCallStore(),
      publicUrl: PUBLIC_URL,
      authToken: AUTH_TOKEN,
      recordingsDir: join(dir, 'slow'),
      requestTimeoutMs: 500,
    });
    await slow.listen({ host: '127.0.0.1', port: 0 });
    const port = (slow.server.address() as AddressInfo).port;
    try {
      const socket = connect(port, '127.0.0.1');
      let answer = '';
      socket.on('data', (chunk) => {
        answer += chunk.toString();
      });
      const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      socket.write(
        'POST /voice HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 60000\r\n\r\nCallSid=',
      );
      const ws = await openStream(`ws://127.0.0.1:${port}/media`, {
        token: AUTH_TOKEN,
        signedUrl: 'wss://hotline.test/media',
      });
      await ended;
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
      // Well past the request timeout (and Node's one-second check), the WebSocket is still open (it waits for its start).
      await new Promise((resolve) => setTimeout(resolve, 2500));
      expect(ws.readyState).toBe(ws.OPEN);
      ws.close();
    } finally {
      await slow.close();
    }
  }, 30_000);
});
