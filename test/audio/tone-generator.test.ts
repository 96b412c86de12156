import { describe, expect, it } from 'vitest';
import { generateSpeechLike } from '../../src/audio/speech-like-signal.js';
import { generateDtmf } from '../../src/audio/tone-generator.js';
import { addWhiteNoise } from '../../src/audio/white-noise.js';
import { Rng } from '../../src/sim/rng.js';

describe('signal generators', () => {
  it('lays out tones and pauses as asked', () => {
    const signal = generateDtmf('12', { toneSec: 0.05, pauseSec: 0.02, edgeSec: 0.01 });
    expect(signal.samples.length).toBe(8000 * (0.01 + 0.05 + 0.02 + 0.05 + 0.01));
    expect(signal.tones).toEqual([
      { digit: '1', startSec: 0.01, endSec: 0.06 },
      { digit: '2', startSec: 0.08, endSec: 0.13 },
    ]);
  });

  it('adds noise at the requested SNR', () => {
    const clean = generateDtmf('5', { toneSec: 1, edgeSec: 0 }).samples;
    const noisy = addWhiteNoise(clean, 10, new Rng(1));
    let signalPower = 0;
    let noisePower = 0;
    for (let i = 0; i < clean.length; i++) {
      signalPower += (clean[i] ?? 0) ** 2;
      noisePower += ((noisy[i] ?? 0) - (clean[i] ?? 0)) ** 2;
    }
    expect(10 * Math.log10(signalPower / noisePower)).toBeCloseTo(10, 0);
  });

  it('is deterministic for a seed', () => {
    expect(addWhiteNoise(new Float32Array(100), 0, new Rng(7), { referencePower: 1 })).toEqual(
      addWhiteNoise(new Float32Array(100), 0, new Rng(7), { referencePower: 1 }),
    );
    expect(generateSpeechLike(0.5, new Rng(7))).toEqual(generateSpeechLike(0.5, new Rng(7)));
  });

  it('refuses a symbol that is not DTMF', () => {
    expect(() => generateDtmf('12E')).toThrow(/'E' in "12E" is not a DTMF symbol/);
  });
});
