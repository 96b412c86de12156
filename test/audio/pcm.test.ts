import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import wavefilePkg from 'wavefile';
import { afterAll, describe, expect, it } from 'vitest';
import { detectDtmf } from '../../src/audio/dtmf-detector.js';
import { readWav, writeMuLawWav } from '../../src/audio/pcm.js';
import { generateDtmf } from '../../src/audio/tone-generator.js';
import { addWhiteNoise } from '../../src/audio/white-noise.js';
import { isHotlineError } from '../../src/errors.js';
import { Rng } from '../../src/sim/rng.js';

const { WaveFile } = wavefilePkg;
const dir = mkdtempSync(join(tmpdir(), 'hotline-audio-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function pcm16Wav(samples: Float32Array, rateHz: number, channels = 1): Uint8Array {
  const pcm = new Int16Array(samples.length * channels);
  for (let i = 0; i < samples.length; i++)
    for (let c = 0; c < channels; c++) pcm[i * channels + c] = Math.round((samples[i] ?? 0) * 32767);
  const file = new WaveFile();
  file.fromScratch(channels, rateHz, '16', pcm);
  return file.toBuffer();
}

describe('readWav / writeMuLawWav', () => {
  it('round-trips DTMF through an 8 kHz mu-law WAV file and still detects every symbol', () => {
    const signal = generateDtmf('0123456789*#ABCD', { toneSec: 0.05, pauseSec: 0.05 });
    const path = join(dir, 'dtmf-mulaw.wav');
    writeFileSync(path, writeMuLawWav(addWhiteNoise(signal.samples, 20, new Rng(5))));
    const audio = readWav(readFileSync(path), path);
    expect(new WaveFile(readFileSync(path)).bitDepth).toBe('8m');
    expect(audio.sampleRateHz).toBe(8000);
    expect(audio.samples.length).toBe(signal.samples.length);
    expect(
      detectDtmf(audio.samples)
        .map((d) => d.digit)
        .join(''),
    ).toBe('0123456789*#ABCD');
  });

  it('reads 16-bit PCM and averages stereo to mono', () => {
    const signal = generateDtmf('42', { amplitude: 0.25 });
    const audio = readWav(pcm16Wav(signal.samples, 8000, 2));
    expect(audio.samples.length).toBe(signal.samples.length);
    expect(Math.abs((audio.samples[900] ?? 0) - (signal.samples[900] ?? 0))).toBeLessThan(1e-3);
  });

  it('decimates a 16 kHz file to 8 kHz', () => {
    const signal = generateDtmf('*7#', { sampleRateHz: 16000 });
    const audio = readWav(pcm16Wav(signal.samples, 16000));
    expect(audio.samples.length).toBe(signal.samples.length / 2);
    expect(
      detectDtmf(audio.samples)
        .map((d) => d.digit)
        .join(''),
    ).toBe('*7#');
  });

  it('refuses a rate that is not a multiple of 8 kHz, naming it', () => {
    try {
      readWav(pcm16Wav(new Float32Array(100), 11025), 'call.wav');
      expect.unreachable();
    } catch (error) {
      expect(isHotlineError(error) && error.code).toBe('HOTLINE_WAV_INVALID');
      expect((error as Error).message).toContain('call.wav: sample rate 11025 Hz');
    }
  });

  it('refuses bytes that are not a WAV file', () => {
    expect(() => readWav(new Uint8Array([1, 2, 3]), 'junk.wav')).toThrow(/junk.wav: not a WAV file/);
  });
});

describe('readWav on a cut-short file', () => {
  it('refuses a data chunk that declares more bytes than follow, saying how much is missing', () => {
    const whole = writeMuLawWav(new Float32Array(8000));
    const cut = whole.subarray(0, whole.length - 4000);
    expect(() => readWav(cut, 'cut.wav')).toThrow(
      /cut\.wav: truncated: the data chunk declares 8000 bytes \(1\.00 s\) but only 4\d{3} follow; 4000 bytes \(0\.50 s\) are missing/,
    );
  });

  it('refuses a file cut inside its header', () => {
    const whole = writeMuLawWav(new Float32Array(800));
    expect(() => readWav(whole.subarray(0, 30), 'head.wav')).toThrow(/head\.wav: truncated or damaged/);
  });
});
