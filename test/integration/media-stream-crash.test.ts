import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import wavefilePkg from 'wavefile';
import { afterEach, describe, expect, it } from 'vitest';
import { traceWav } from '../../src/audio/call-trace.js';
import { readWav, writeMuLawWav } from '../../src/audio/pcm.js';
import { generateDtmf } from '../../src/audio/tone-generator.js';
import { parseRecordingMetadata, type RecordingMetadata } from '../../src/record/recording-metadata.js';
import { SqliteCallStore } from '../../src/store/sqlite-call-store.js';
import { closed, openStream, sendAudio, startMessage, stopMessage } from '../helpers/media-stream-client.js';
import { killServeProcesses, signedWebhook, startServe, type ServeProcess } from '../helpers/serve-process.js';
import { AUTH_TOKEN, callParams } from '../helpers/signed-client.js';

const { WaveFile } = wavefilePkg;
const dirs: string[] = [];
afterEach(() => {
  killServeProcesses();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** `hotline serve` as a real process on a free loopback port, with a SQLite file and a recordings folder. */
function serve(dir: string): Promise<ServeProcess> {
  return startServe(['--port', '0', '--db', join(dir, 'calls.db'), '--recordings', join(dir, 'recordings')], dir, {
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
  });
}

/** A signed webhook's status. */
async function webhook(base: string, path: string, params: Record<string, string>): Promise<number> {
  return (await signedWebhook(base, path, params, AUTH_TOKEN)).status;
}

async function waitFor(what: string, test: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !test(); i += 1) await new Promise((r) => setTimeout(r, 20));
  if (!test()) throw new Error(`timed out waiting for ${what}`);
}

function metadata(file: string): RecordingMetadata {
  return parseRecordingMetadata(JSON.parse(readFileSync(file, 'utf8')), file);
}

describe('hotline serve killed with streams open (kill -9)', () => {
  it("leaves valid WAVs marked cut by the stop, and the call's final record completes their metadata after the restart", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hotline-media-crash-'));
    dirs.push(dir);
    const recordings = join(dir, 'recordings');
    const first = await serve(dir);
    const mediaUrl = `${first.base.replace(/^http/, 'ws')}/media`;
    // 2.5 s of the caller keying 1 2 3: on disk in 1 s batches, so a kill keeps at least 2 s.
    const tones = generateDtmf('123', { toneSec: 0.1, pauseSec: 0.1 }).samples;
    const audio = new Float32Array(20_000);
    audio.set(tones);
    const muLaw = new WaveFile(writeMuLawWav(audio)).getSamples(false, Uint8Array) as unknown as Uint8Array;

    const calls = ['1', '2', '3', '4', '5', '6'].map((d) => ({
      callSid: `CA${d.repeat(32)}`,
      streamSid: `MZ${d.repeat(32)}`,
    }));
    for (const c of calls) expect(await webhook(first.base, '/voice', callParams(c.callSid))).toBe(200);
    // Calls 1-5 stream; call 5's stream stops before the crash (its call goes on); call 6 has no stream.
    const streams = calls.slice(0, 5);
    const stopped = streams[4];
    for (const c of streams) {
      const ws = await openStream(mediaUrl, { token: AUTH_TOKEN, signedUrl: mediaUrl });
      ws.send(JSON.stringify(startMessage(c.callSid, c.streamSid)));
      sendAudio(ws, c.streamSid, muLaw);
      ws.send(
        JSON.stringify({
          event: 'dtmf',
          streamSid: c.streamSid,
          sequenceNumber: '200',
          dtmf: { track: 'inbound_track', digit: '5' },
        }),
      );
      if (c === stopped) {
        ws.send(JSON.stringify(stopMessage(c.callSid, c.streamSid)));
        await closed(ws);
      }
      const wav = join(recordings, `${c.callSid}-${c.streamSid}.wav`);
      await waitFor(
        `${wav} to hold 2 s`,
        () =>
          existsSync(wav) &&
          statSync(wav).size >= 60 + 16_000 &&
          readFileSync(join(recordings, `${c.callSid}.stream`), 'utf8').includes('"digit":"5"'),
      );
    }
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));

    // Even before any repair, the killed server's WAVs are valid (the header counts the batches written before the last one).
    for (const c of streams)
      expect(
        readWav(readFileSync(join(recordings, `${c.callSid}-${c.streamSid}.wav`))).samples.length,
      ).toBeGreaterThanOrEqual(8_000);

    const second = await serve(dir);
    for (const c of streams) {
      const wavFile = join(recordings, `${c.callSid}-${c.streamSid}.wav`);
      const wav = readFileSync(wavFile);
      const samples = readWav(wav, wavFile).samples.length;
      expect(samples, 'the header counts every byte on disk').toBe(wav.length - 60);
      expect(samples).toBeGreaterThanOrEqual(16_000);
      expect(
        traceWav(wav, wavFile)
          .digits.map((d) => d.digit)
          .join(''),
      ).toBe('123');
      const meta = metadata(join(recordings, `${c.callSid}-${c.streamSid}.json`));
      expect(meta).toMatchObject({
        callSid: c.callSid,
        complete: false,
        outcome: null,
        audio: { truncated: c !== stopped ? 'server-stopped' : null },
        dtmf: [{ digit: '5' }],
      });
    }

    for (const c of calls)
      expect(
        await webhook(
          second.base,
          '/voice/status',
          callParams(c.callSid, { CallStatus: 'completed', CallDuration: '9' }),
        ),
      ).toBe(200);
    for (const c of streams) {
      const file = join(recordings, `${c.callSid}-${c.streamSid}.json`);
      await waitFor(`${file} to be completed`, () => metadata(file).complete);
      expect(metadata(file)).toMatchObject({
        complete: true,
        outcome: 'ivr-hangup',
        endedBy: 'caller',
        audio: { truncated: c !== stopped ? 'server-stopped' : null },
        dtmf: [{ digit: '5' }],
      });
      expect(existsSync(join(recordings, `${c.callSid}.stream`)), 'the journal goes once the metadata is final').toBe(
        false,
      );
    }
    second.child.kill('SIGKILL');
    await new Promise((r) => second.child.once('exit', r));

    const store = new SqliteCallStore(join(dir, 'calls.db'));
    const records = await store.listRecords();
    await store.close();
    const finished = records.filter((r) => r.endSec !== null);
    console.log(
      `kill -9 with streams open: ${calls.length} calls, ${streams.length} streams (${streams.length - 1} open at the kill), ${finished.length} final records, ${calls.length - finished.length} lost; WAVs kept ${streams.map((c) => `${((statSync(join(recordings, `${c.callSid}-${c.streamSid}.wav`)).size - 60) / 8000).toFixed(1)} s`).join(', ')} of 2.5 s sent`,
    );
    expect(finished.map((r) => r.callSid).sort()).toEqual(calls.map((c) => c.callSid).sort());
  }, 180_000);
});
