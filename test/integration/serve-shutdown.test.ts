import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import twilio from 'twilio';
import wavefilePkg from 'wavefile';
import { afterEach, describe, expect, it } from 'vitest';
import { traceWav } from '../../src/audio/call-trace.js';
import { readWav, writeMuLawWav } from '../../src/audio/pcm.js';
import { generateDtmf } from '../../src/audio/tone-generator.js';
import { parseRecordingMetadata, type RecordingMetadata } from '../../src/record/recording-metadata.js';
import { SqliteCallStore } from '../../src/store/sqlite-call-store.js';
import { closed, openStream, sendAudio, startMessage } from '../helpers/media-stream-client.js';
import { killServeProcesses, signedWebhook, startServe, type ServeProcess } from '../helpers/serve-process.js';
import { AUTH_TOKEN, callParams } from '../helpers/signed-client.js';

const { WaveFile } = wavefilePkg;
const dirs: string[] = [];
const sockets: Socket[] = [];
afterEach(() => {
  for (const s of sockets.splice(0)) s.destroy();
  killServeProcesses();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** `hotline serve` as a real process on a free loopback port, with a SQLite file and a recordings folder. */
function serve(dir: string): Promise<ServeProcess> {
  return startServe(['--port', '0', '--db', join(dir, 'calls.db'), '--recordings', join(dir, 'recordings')], dir, {
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
  });
}

const webhook = (base: string, path: string, params: Record<string, string>) =>
  signedWebhook(base, path, params, AUTH_TOKEN);

/**
 * A signed webhook sent over a raw socket with all but the last byte of its
 * body: the server has it in flight until `finish` sends that byte. Resolves
 * once the server has taken the request (it answered `Expect: 100-continue`);
 * `response` is the raw HTTP response that follows.
 */
async function heldWebhook(
  base: string,
  path: string,
  params: Record<string, string>,
): Promise<{ finish: () => void; response: Promise<string> }> {
  const url = new URL(base + path);
  const body = new URLSearchParams(params).toString();
  const socket = connect(Number(url.port), url.hostname);
  sockets.push(socket);
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  let received = '';
  let taken!: () => void;
  const continued = new Promise<void>((resolve) => {
    taken = resolve;
  });
  const done = new Promise<string>((resolve) => {
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString();
      if (received.startsWith('HTTP/1.1 100 Continue\r\n\r\n')) taken();
    });
    socket.once('close', () => resolve(received.replace('HTTP/1.1 100 Continue\r\n\r\n', '')));
    socket.on('error', () => undefined);
  });
  socket.write(
    [
      `POST ${path} HTTP/1.1`,
      `Host: ${url.host}`,
      'Connection: close',
      'Content-Type: application/x-www-form-urlencoded',
      'Expect: 100-continue',
      `Content-Length: ${Buffer.byteLength(body)}`,
      `X-Twilio-Signature: ${twilio.getExpectedTwilioSignature(AUTH_TOKEN, base + path, params)}`,
      '',
      '',
    ].join('\r\n'),
  );
  await continued;
  socket.write(body.slice(0, -1));
  return { finish: () => socket.write(body.slice(-1)), response: done };
}

async function waitFor(what: string, test: () => boolean): Promise<void> {
  for (let i = 0; i < 1500 && !test(); i += 1) await new Promise((r) => setTimeout(r, 20));
  if (!test()) throw new Error(`timed out waiting for ${what}`);
}

function metadata(file: string): RecordingMetadata {
  return parseRecordingMetadata(JSON.parse(readFileSync(file, 'utf8')), file);
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-shutdown-'));
  dirs.push(dir);
  return dir;
}

const SHUTDOWN_LINE = /hotline: SIGTERM received: shutting down/;

describe('hotline serve stopped with SIGTERM', () => {
  it('finishes the webhook in flight, exits 0, releases the lock, and the call goes on after the restart', async () => {
    const dir = tempDir();
    const first = await serve(dir);
    const sid = `CA${'7'.repeat(32)}`;
    // The request is in flight: the server took it and waits for the last byte of its body.
    const held = await heldWebhook(first.base, '/voice', callParams(sid));
    first.child.kill('SIGTERM');
    await waitFor('the shutdown line', () => SHUTDOWN_LINE.test(first.err()));
    // New requests are refused (503 while closing, then no listener); the one in flight is not.
    const health = () =>
      fetch(`${first.base}/health`).then(
        (r) => r.status,
        () => 'refused',
      );
    let status = await health();
    for (let i = 0; i < 50 && status === 200; i += 1)
      status = await new Promise((r) => setTimeout(r, 100)).then(health);
    expect(status).not.toBe(200);
    held.finish();
    const response = await held.response;
    expect(response).toMatch(/^HTTP\/1\.1 200 /);
    expect(response).toContain('<Response>');
    expect(await first.exit).toBe(0);
    const shutdownLines = first
      .err()
      .split('\n')
      .filter((l) => l.startsWith('hotline: SIGTERM'));
    expect(shutdownLines).toHaveLength(1);

    const second = await serve(dir);
    expect(second.err()).not.toContain('taking over');
    // The caller did not press anything: the flow goes on from the greeting it was in.
    const next = await webhook(second.base, '/voice/no-input?turn=1', callParams(sid));
    expect(next.status).toBe(200);
    expect(next.body).toContain('<Enqueue');
    expect(next.body).not.toMatch(/HOTLINE_|<Hangup\/>/);
    expect(
      (await webhook(second.base, '/voice/status', callParams(sid, { CallStatus: 'completed', CallDuration: '30' })))
        .status,
    ).toBe(200);
    second.child.kill('SIGTERM');
    expect(await second.exit).toBe(0);

    const store = new SqliteCallStore(join(dir, 'calls.db'));
    const record = (await store.listRecords()).find((r) => r.callSid === sid);
    await store.close();
    expect(record?.endSec).not.toBeNull();
    expect(record?.outcome).not.toBeNull();
  }, 180_000);

  it('ends an open Media Stream cleanly: a valid WAV with all the audio sent, metadata marked server-shutdown', async () => {
    const dir = tempDir();
    const recordings = join(dir, 'recordings');
    const first = await serve(dir);
    const mediaUrl = `${first.base.replace(/^http/, 'ws')}/media`;
    const callSid = `CA${'8'.repeat(32)}`;
    const streamSid = `MZ${'8'.repeat(32)}`;
    expect((await webhook(first.base, '/voice', callParams(callSid))).status).toBe(200);
    // 2.5 s of the caller keying 1 2 3.
    const audio = new Float32Array(20_000);
    audio.set(generateDtmf('123', { toneSec: 0.1, pauseSec: 0.1 }).samples);
    const muLaw = new WaveFile(writeMuLawWav(audio)).getSamples(false, Uint8Array) as unknown as Uint8Array;
    const ws = await openStream(mediaUrl, { token: AUTH_TOKEN, signedUrl: mediaUrl });
    const wsClosed = closed(ws, 60_000);
    ws.send(JSON.stringify(startMessage(callSid, streamSid)));
    sendAudio(ws, streamSid, muLaw);
    ws.send(
      JSON.stringify({ event: 'dtmf', streamSid, sequenceNumber: '200', dtmf: { track: 'inbound_track', digit: '5' } }),
    );
    const wavFile = join(recordings, `${callSid}-${streamSid}.wav`);
    const journal = join(recordings, `${callSid}.stream`);
    // Everything sent has reached the server once the key sent after the audio is in the journal.
    await waitFor(
      'the stream to be under way',
      () => existsSync(journal) && readFileSync(journal, 'utf8').includes('"digit":"5"'),
    );
    expect(statSync(wavFile).size, 'the last second is still in memory').toBeLessThan(60 + 20_000);

    first.child.kill('SIGTERM');
    expect(await wsClosed).toEqual({ code: 1001, reason: 'server shutting down' });
    expect(await first.exit).toBe(0);

    const wav = readFileSync(wavFile);
    const samples = readWav(wav, wavFile).samples.length;
    expect(samples, 'the header counts every byte on disk').toBe(wav.length - 60);
    expect(samples, 'the last batch was written too').toBe(20_000);
    expect(
      traceWav(wav, wavFile)
        .digits.map((d) => d.digit)
        .join(''),
    ).toBe('123');
    const jsonFile = join(recordings, `${callSid}-${streamSid}.json`);
    expect(metadata(jsonFile)).toMatchObject({
      callSid,
      complete: false,
      audio: { truncated: 'server-shutdown' },
      dtmf: [{ digit: '5' }],
    });

    // The call's final record, after the restart, completes the metadata and keeps the marker.
    const second = await serve(dir);
    expect(second.err()).not.toContain('taking over');
    expect(
      (await webhook(second.base, '/voice/status', callParams(callSid, { CallStatus: 'completed', CallDuration: '9' })))
        .status,
    ).toBe(200);
    await waitFor('the metadata to be completed', () => metadata(jsonFile).complete);
    expect(metadata(jsonFile)).toMatchObject({ complete: true, audio: { truncated: 'server-shutdown' } });
    expect(existsSync(journal), 'the journal goes once the metadata is final').toBe(false);
    second.child.kill('SIGTERM');
    expect(await second.exit, second.err()).toBe(0);
  }, 180_000);

  it('stops at once on a second signal during the shutdown (SIGINT: exit 130)', async () => {
    const dir = tempDir();
    const first = await serve(dir);
    // A webhook in flight holds the shutdown open.
    await heldWebhook(first.base, '/voice', callParams(`CA${'9'.repeat(32)}`));
    first.child.kill('SIGTERM');
    await waitFor('the shutdown line', () => SHUTDOWN_LINE.test(first.err()));
    first.child.kill('SIGINT');
    expect(await first.exit).toBe(130);
    expect(first.err()).toContain('hotline: second signal (SIGINT): stopping at once (exit 130)');
    // The lock went with the process: the next server takes over.
    const second = await serve(dir);
    expect(second.err()).toContain('taking over');
    second.child.kill('SIGTERM');
    expect(await second.exit, second.err()).toBe(0);
  }, 180_000);
});
