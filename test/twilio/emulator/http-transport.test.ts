import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnListening } from '../../../src/cli/target-server.js';
import type { HttpRequest } from '../../../src/twilio/emulator/http-exchange.js';
import { INLINE_TRANSPORT, WorkerTransport } from '../../../src/twilio/emulator/http-transport.js';
import { formEncode } from '../../../src/twilio/emulator/webhook-client.js';
import { ROOT } from '../../helpers/run-cli.js';

/** Keeps this thread busy, as a garbage collection or a burst of call logic does. */
function blockFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    /* busy */
  }
}

describe('HTTP transports', () => {
  // The server runs in its own process, so blocking this thread does not stop it.
  let server: Awaited<ReturnType<typeof spawnListening>>;
  let request: HttpRequest;
  beforeAll(async () => {
    server = await spawnListening(
      ['--import', 'tsx', join(ROOT, 'bench', 'bare-twiml-server.ts')],
      process.env,
      ROOT,
      'the bare TwiML server',
    );
    request = {
      url: `${server.baseUrl}/voice`,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: formEncode({ CallSid: 'CA1', From: '+8613800000000' }),
      timeoutMs: 15_000,
      encoding: 'utf8',
    };
  });
  afterAll(() => server.close());

  it('a worker transport answers like the inline one', async () => {
    const worker = new WorkerTransport();
    try {
      const [inline, threaded] = await Promise.all([INLINE_TRANSPORT.exchange(request), worker.exchange(request)]);
      expect('failure' in inline).toBe(false);
      expect('failure' in threaded).toBe(false);
      if ('failure' in inline || 'failure' in threaded) return;
      expect(threaded.status).toBe(200);
      expect(threaded.body).toBe(inline.body);
      expect(threaded.body).toContain('<Gather');
      expect(threaded.headers['content-type']).toBe(inline.headers['content-type']);
    } finally {
      await worker.close();
    }
  });

  const BLOCK_MS = 3000;

  it("times requests where they run: the main thread's pauses count inline, not on a worker", async () => {
    const worker = new WorkerTransport();
    try {
      await worker.exchange(request); // start-up and first connection
      await INLINE_TRANSPORT.exchange(request);
      const threaded = worker.exchange(request);
      const inline = INLINE_TRANSPORT.exchange(request);
      blockFor(BLOCK_MS);
      const [t, i] = await Promise.all([threaded, inline]);
      // Inline, the answer waits in the socket until this thread is free again; on the worker it is timed
      // when it arrives. The pause is long enough that a busy machine cannot blur the two (a loopback
      // request takes a few ms; even a loaded 2-core machine answers it well within the 3 s pause).
      expect(i.wireMs).toBeGreaterThanOrEqual(BLOCK_MS);
      expect(t.wireMs).toBeLessThan(BLOCK_MS);
    } finally {
      await worker.close();
    }
  });

  it('a worker transport reports a refused connection and a URL it cannot send as failures, keeps working, and fails requests once closed', async () => {
    const worker = new WorkerTransport();
    const refused = await worker.exchange({ ...request, url: 'http://127.0.0.1:1/voice' });
    expect(refused).toMatchObject({ failure: expect.stringMatching(/ECONNREFUSED/) });
    const otherScheme = await worker.exchange({ ...request, url: 'ftp://127.0.0.1/voice.wav' });
    expect(otherScheme).toMatchObject({ failure: expect.stringMatching(/ftp/i) });
    const after = await worker.exchange(request);
    expect('failure' in after).toBe(false);
    await worker.close();
    expect(await worker.exchange(request)).toMatchObject({ failure: expect.stringMatching(/HTTP worker stopped/) });
  });
});

describe('formEncode', () => {
  it('writes what URLSearchParams writes, for every character class', () => {
    const params = {
      'a b': "!'()~*-._",
      SpeechResult: '我要投诉 噪音, ok? (yes)',
      odd: '+&=/?#%',
      emoji: '\u{1F600}',
      lone: 'x\uD800y',
      empty: '',
    };
    expect(formEncode(params)).toBe(new URLSearchParams(params).toString());
  });
});
