import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { generateDtmf } from '../../src/audio/tone-generator.js';
import { generateSpeechLike } from '../../src/audio/speech-like-signal.js';
import { writeMuLawWav } from '../../src/audio/pcm.js';
import { Rng } from '../../src/sim/rng.js';

const dir = mkdtempSync(join(tmpdir(), 'hotline-analyze-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[]) {
  return runCli(args, { cwd: dir });
}

describe('hotline analyze', () => {
  it('reports the keys of a recorded call with times, and its speech', async () => {
    const dtmf = generateDtmf('5202611240001#', { toneSec: 0.08, pauseSec: 0.08 });
    const keys = dtmf.samples;
    const speech = generateSpeechLike(2, new Rng(3));
    const call = new Float32Array(keys.length + 8000 + speech.length);
    call.set(keys, 0);
    call.set(speech, keys.length + 8000);
    writeFileSync(join(dir, 'call.wav'), writeMuLawWav(call));
    const { code, out } = await run(['analyze', 'call.wav', '--json']);
    expect(code).toBe(0);
    const [file] = JSON.parse(out).files;
    expect(file.digits.map((d: { digit: string }) => d.digit).join('')).toBe('5202611240001#');
    expect(Math.abs(file.digits[0].startSec - dtmf.tones[0]!.startSec)).toBeLessThan(0.01);
    expect(file.speech.length).toBeGreaterThanOrEqual(1);
    expect(file.speech[0].startSec).toBeGreaterThan(keys.length / 8000);
    expect(file.hangupSec).toBeCloseTo(call.length / 8000, 3);
  });

  it('finds no keys in speech alone (talk-off)', async () => {
    writeFileSync(join(dir, 'talk.wav'), writeMuLawWav(generateSpeechLike(5, new Rng(11))));
    const { out } = await run(['analyze', 'talk.wav', '--json']);
    expect(JSON.parse(out).files[0].digits).toEqual([]);
  });

  it('names a file it cannot read and still reports the others, exiting 2', async () => {
    writeFileSync(join(dir, 'junk.wav'), 'not a wav');
    const { code, out, err } = await run(['analyze', 'junk.wav', 'talk.wav']);
    expect(code).toBe(2);
    expect(err).toMatch(/hotline: HOTLINE_WAV_INVALID: junk\.wav:/);
    expect(out).toContain('talk.wav:');
  });

  it('refuses a truncated WAV, saying how much is missing, and warns about audio its header does not count', async () => {
    const wav = writeMuLawWav(generateSpeechLike(1, new Rng(3)));
    writeFileSync(join(dir, 'cut.wav'), wav.subarray(0, wav.length - 2000));
    const cut = await run(['analyze', 'cut.wav']);
    expect(cut.code).toBe(2);
    expect(cut.err).toMatch(/^hotline: HOTLINE_WAV_INVALID: cut\.wav: truncated: .*2000 bytes \(0\.25 s\) are missing/);
    writeFileSync(join(dir, 'grown.wav'), Buffer.concat([wav, Buffer.alloc(800, 0xff)]));
    const grown = await run(['analyze', 'grown.wav']);
    expect(grown.code).toBe(0);
    expect(grown.err).toMatch(
      /^hotline: warning: grown\.wav: 800 bytes \(0\.10 s\) of audio after what its header counts were not analysed/,
    );
  });
});
