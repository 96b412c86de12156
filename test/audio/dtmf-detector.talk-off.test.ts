import { describe, expect, it } from 'vitest';
import { detectDtmf } from '../../src/audio/dtmf-detector.js';
import { generateSpeechLike } from '../../src/audio/speech-like-signal.js';
import { addWhiteNoise } from '../../src/audio/white-noise.js';
import { Rng } from '../../src/sim/rng.js';

describe('DTMF talk-off', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])(
    'finds no symbol in 6 s of speech-like signal (seed %i), clean or at 20 dB SNR',
    (seed) => {
      const speech = generateSpeechLike(6, new Rng(seed));
      expect(detectDtmf(speech)).toEqual([]);
      expect(detectDtmf(addWhiteNoise(speech, 20, new Rng(seed + 1000)))).toEqual([]);
    },
  );

  it('still finds tones keyed over quiet speech', () => {
    const speech = generateSpeechLike(1, new Rng(11), { amplitude: 0.03 });
    const tones = new Float32Array(8000);
    for (let i = 0; i < 8000; i++) tones[i] = speech[i] ?? 0;
    const key = [0.3, 0.6].map((startSec) => Math.round(startSec * 8000));
    for (const start of key) {
      for (let i = 0; i < 480; i++) {
        tones[start + i] =
          (tones[start + i] ?? 0) +
          0.3 * Math.sin((2 * Math.PI * 852 * i) / 8000) +
          0.3 * Math.sin((2 * Math.PI * 1477 * i) / 8000);
      }
    }
    expect(detectDtmf(tones).map((d) => d.digit)).toEqual(['9', '9']);
  });
});
