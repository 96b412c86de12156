import { describe, expect, it } from 'vitest';
import { detectDtmf } from '../../src/audio/dtmf-detector.js';
import { DTMF_DIGITS } from '../../src/audio/dtmf-keypad.js';
import { generateDtmf } from '../../src/audio/tone-generator.js';
import { addWhiteNoise } from '../../src/audio/white-noise.js';
import { isHotlineError } from '../../src/errors.js';
import { Rng } from '../../src/sim/rng.js';

const ALL = DTMF_DIGITS.join('');
const read = (samples: Float32Array): string =>
  detectDtmf(samples)
    .map((d) => d.digit)
    .join('');

describe('detectDtmf', () => {
  it('detects all 16 symbols in order', () => {
    expect(read(generateDtmf(ALL).samples)).toBe('123A456B789C*0#D');
  });

  it('reports start and end within one hop of the truth', () => {
    const signal = generateDtmf('59', { toneSec: 0.08, pauseSec: 0.06 });
    const found = detectDtmf(signal.samples);
    expect(found).toHaveLength(2);
    found.forEach((d, i) => {
      const truth = signal.tones[i];
      expect(d.digit).toBe(truth?.digit);
      expect(Math.abs(d.startSec - (truth?.startSec ?? 0))).toBeLessThanOrEqual(0.005);
      expect(Math.abs(d.endSec - (truth?.endSec ?? 0))).toBeLessThanOrEqual(0.005);
    });
  });

  it('accepts 40 ms tones with 40 ms pauses at any alignment and phase', () => {
    for (let shift = 0; shift < 8; shift++) {
      const signal = generateDtmf(ALL, {
        toneSec: 0.04,
        pauseSec: 0.04,
        edgeSec: 0.05 + shift * 0.0005,
        phaseRad: shift,
      });
      expect(read(signal.samples)).toBe(ALL);
    }
  });

  it('separates a repeated symbol by a 40 ms pause', () => {
    expect(read(generateDtmf('1111', { toneSec: 0.04, pauseSec: 0.04 }).samples)).toBe('1111');
  });

  it('bridges a 10 ms interruption inside one tone (Q.24)', () => {
    const a = generateDtmf('7', { toneSec: 0.06, pauseSec: 0.01, edgeSec: 0 }).samples;
    const twice = new Float32Array(800 + 2 * a.length + 800);
    twice.set(a, 800);
    twice.set(a, 800 + a.length + 80);
    expect(read(twice)).toBe('7');
  });

  it('rejects 30 ms tones (Q.24 must-reject is ≤ 23 ms; 30 ms sits in the band where this detector rejects)', () => {
    for (let shift = 0; shift < 8; shift++) {
      const signal = generateDtmf(ALL, {
        toneSec: 0.03,
        pauseSec: 0.05,
        edgeSec: 0.05 + shift * 0.0005,
        phaseRad: shift,
      });
      expect(read(signal.samples)).toBe('');
    }
  });

  it('reads ≥ 99 % of 200 random symbols at 10 dB SNR (40 ms tone, 40 ms pause)', () => {
    const rng = new Rng(42);
    let digits = '';
    for (let i = 0; i < 200; i++) digits += ALL[rng.int(16)];
    for (const seed of [1, 2]) {
      const signal = generateDtmf(digits, { toneSec: 0.04, pauseSec: 0.04 });
      const found = read(addWhiteNoise(signal.samples, 10, new Rng(seed)));
      expect(found.length).toBe(200);
      let correct = 0;
      for (let i = 0; i < 200; i++) if (found[i] === digits[i]) correct++;
      expect(correct / 200).toBeGreaterThanOrEqual(0.99);
    }
  });

  it.each([3.5, 0, -7.5])('accepts twist of %s dB (limits: forward 4 dB, reverse 8 dB)', (twistDb) => {
    expect(read(generateDtmf(ALL, { twistDb }).samples)).toBe(ALL);
  });

  it.each([4.5, 6, -8.5, -10])('rejects twist of %s dB', (twistDb) => {
    expect(read(generateDtmf(ALL, { twistDb }).samples)).toBe('');
  });

  it.each([
    [1.5, 1.5],
    [-1.5, -1.5],
    [1.5, -1.5],
    [-1.5, 1.5],
  ])('accepts frequency errors of %s % (low) and %s % (high)', (lowOffsetPct, highOffsetPct) => {
    expect(read(addWhiteNoise(generateDtmf(ALL, { lowOffsetPct, highOffsetPct }).samples, 20, new Rng(3)))).toBe(ALL);
  });

  it.each([
    [3.5, 0],
    [-3.5, 0],
    [0, 3.5],
    [0, -3.5],
    [3.5, -3.5],
    [5, 5],
  ])('rejects frequency errors of %s % (low) and %s % (high)', (lowOffsetPct, highOffsetPct) => {
    expect(read(generateDtmf(ALL, { lowOffsetPct, highOffsetPct }).samples)).toBe('');
  });

  it('finds nothing in silence or in white noise alone', () => {
    expect(read(new Float32Array(8000))).toBe('');
    expect(read(addWhiteNoise(new Float32Array(16000), 0, new Rng(9), { referencePower: 0.05 }))).toBe('');
  });

  it('refuses invalid options with HOTLINE_ARGUMENT_INVALID', () => {
    try {
      detectDtmf(new Float32Array(10), { hopSec: 0 });
      expect.unreachable();
    } catch (error) {
      expect(isHotlineError(error) && error.code).toBe('HOTLINE_ARGUMENT_INVALID');
    }
  });
});
