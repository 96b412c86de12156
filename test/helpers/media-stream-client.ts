import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import twilio from 'twilio';
import { WebSocket } from 'ws';
import { ACCOUNT_SID } from './signed-client.js';

/** How a stream ended, as the client saw it. */
export interface StreamClose {
  readonly code: number;
  readonly reason: string;
}

/** Opens `url` (ws://127.0.0.1:PORT/media) signed over `signedUrl` with `token`, as Twilio does; null signs nothing. */
export function openStream(url: string, signature: { token: string; signedUrl: string } | null): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const headers = signature
      ? { 'x-twilio-signature': twilio.getExpectedTwilioSignature(signature.token, signature.signedUrl, {}) }
      : {};
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

/** Resolves when the server closes the socket (or it is already closed); rejects after `timeoutMs`. */
export function closed(ws: WebSocket, timeoutMs = 10_000): Promise<StreamClose> {
  return new Promise((resolve, reject) => {
    if (ws.readyState === ws.CLOSED) {
      resolve({ code: -1, reason: 'already closed' });
      return;
    }
    const timer = setTimeout(
      () => reject(new Error(`the server did not close the stream within ${timeoutMs} ms`)),
      timeoutMs,
    );
    ws.once('close', (code, reason) => {
      clearTimeout(timer);
      resolve({ code, reason: reason.toString() });
    });
    ws.on('error', () => {});
  });
}

/** Twilio's `start` message for a stream of `callSid`. */
export function startMessage(callSid: string, streamSid: string): Record<string, unknown> {
  return {
    event: 'start',
    sequenceNumber: '1',
    streamSid,
    start: {
      streamSid,
      accountSid: ACCOUNT_SID,
      callSid,
      tracks: ['inbound'],
      customParameters: { flow: 'hotline-12345-direct' },
      mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
    },
  };
}

/** Twilio's `media` message: `payload` mu-law bytes at `timestampMs` since the stream started. */
export function mediaMessage(
  streamSid: string,
  chunk: number,
  timestampMs: number,
  payload: Uint8Array,
): Record<string, unknown> {
  return {
    event: 'media',
    sequenceNumber: String(chunk + 1),
    streamSid,
    media: {
      track: 'inbound',
      chunk: String(chunk),
      timestamp: String(timestampMs),
      payload: Buffer.from(payload).toString('base64'),
    },
  };
}

/** Twilio's `stop` message. */
export function stopMessage(callSid: string, streamSid: string): Record<string, unknown> {
  return { event: 'stop', sequenceNumber: '9999', streamSid, stop: { accountSid: ACCOUNT_SID, callSid } };
}

/** Sends `audio` (mu-law bytes) as 20 ms frames from `fromMs`. */
export function sendAudio(ws: WebSocket, streamSid: string, audio: Uint8Array, fromMs = 0): void {
  for (let i = 0, chunk = 1; i < audio.length; i += 160, chunk += 1) {
    ws.send(JSON.stringify(mediaMessage(streamSid, chunk, fromMs + (i / 160) * 20, audio.subarray(i, i + 160))));
  }
}

/**
 * Listens `app` on a free loopback port and returns its Media Streams URL and
 * an `open()` that connects a stream signed as Twilio signs it (over the
 * test's PUBLIC_URL, wss://hotline.test/media).
 */
export async function listenForStreams(
  app: FastifyInstance,
  token: string,
): Promise<{ url: string; open: () => Promise<WebSocket> }> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `ws://127.0.0.1:${(app.server.address() as AddressInfo).port}/media`;
  return { url, open: () => openStream(url, { token, signedUrl: 'wss://hotline.test/media' }) };
}
