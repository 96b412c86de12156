import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { injectTransport } from '../../src/server/inject-transport.js';

describe('injectTransport', () => {
  it("answers the emulator's request from the app in this process, with the URL's path, query, Host and body", async () => {
    const app = Fastify();
    app.post('/voice', async (request) => ({ host: request.headers.host, query: request.query, body: request.body }));
    const transport = injectTransport(app);
    const answer = await transport.exchange({
      method: 'POST',
      url: 'http://hotline.example:8080/voice?turn=2',
      headers: { 'content-type': 'application/json' },
      body: '{"Digits":"1"}',
      timeoutMs: 15_000,
      encoding: 'utf8',
    });
    if (!('status' in answer)) throw new Error(`no answer: ${answer.failure}`);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({
      host: 'hotline.example:8080',
      query: { turn: '2' },
      body: { Digits: '1' },
    });
    await app.close();
  });
});
