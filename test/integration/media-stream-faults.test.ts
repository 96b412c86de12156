import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import direct from '../../flows/hotline-12345-direct.js';
import { buildApp } from '../../src/server/app.js';
import type { CallStore } from '../../src/store/call-store.js';
import { MemoryCallStore } from '../../src/store/memory-call-store.js';
import { closed, mediaMessage, openStream, startMessage, listenForStreams } from '../helpers/media-stream-client.js';
import { AUTH_TOKEN, PUBLIC_URL, callParams, post } from '../helpers/signed-client.js';

const dir = mkdtempSync(join(tmpdir(), 'hotline-media-faults-'));
const FAILING = `CA${'b'.repeat(32)}`;
let app: FastifyInstance;
let url = '';
let open: Awaited<ReturnType<typeof listenForStreams>>['open'];

/** A store whose look-up of one call fails, as a store that lost its disk or connection would. */
function failingFor(callSid: string, inner: CallStore): CallStore {
  return new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop === 'getSession')
        return async (sid: string) => {
          if (sid === callSid) throw new Error('store unavailable');
          return target.getSession(sid);
        };
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
}

beforeAll(async () => {
  app = await buildApp({
    flow: direct,
    store: failingFor(FAILING, new MemoryCallStore()),
    publicUrl: PUBLIC_URL,
    authToken: AUTH_TOKEN,
    recordingsDir: join(dir, 'recordings'),
  });
  ({ url, open } = await listenForStreams(app, AUTH_TOKEN));
});
afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('faults inside a Media Stream end that stream, never the server', () => {
  it('a store failing while a stream starts closes it with HOTLINE_INTERNAL; the next stream works', async () => {
    const ws = await open();
    ws.send(JSON.stringify(startMessage(FAILING, `MZ${'b'.repeat(32)}`)));
    expect(await closed(ws)).toEqual({
      code: 1008,
      reason: 'HOTLINE_INTERNAL: the stream could not be started (see the server log)',
    });
    expect((await app.inject('/health')).statusCode).toBe(200);

    const ok = `CA${'c'.repeat(32)}`;
    await post(app, '/voice', callParams(ok));
    const next = await open();
    next.send(JSON.stringify(startMessage(ok, `MZ${'c'.repeat(32)}`)));
    next.send(JSON.stringify(mediaMessage(`MZ${'c'.repeat(32)}`, 1, 0, new Uint8Array(160))));
    next.send(JSON.stringify({ event: 'stop', streamSid: `MZ${'c'.repeat(32)}` }));
    expect((await closed(next)).code).toBe(1000);
  });

  it('a socket that never sends start is closed, and an unsigned one never upgrades', async () => {
    await expect(openStream(url, null)).rejects.toThrow(/HTTP 403/);
    const ws = await open();
    ws.send(JSON.stringify({ event: 'connected', protocol: 'Call', version: '1.0.0' }));
    expect(await closed(ws, 20_000)).toEqual({
      code: 1008,
      reason: 'HOTLINE_STREAM_MESSAGE_INVALID: no start message within 10 s',
    });
  }, 30_000);
});
