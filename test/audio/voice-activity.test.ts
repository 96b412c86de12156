import { describe, expect, it } from 'vitest';
import { generateSpeechLike } from '../../src/audio/speech-like-signal.js';
import { generateDtmf } from '../../src/audio/tone-generator.js';
import { detectVoiceActivity } from '../../src/audio/voice-activity.js';
import { addWhiteNoise } from '../../src/audio/white-noise.js';
import { Rng } from '../../src/sim/rng.js';

/** 1 s silence, 2 s speech, 1 s silence, DTMF "12", 0.5 s silence; with background noise 35 dB under the speech. */
function call(): Float32Array {
  const speech = generateSpeechLike(2, new Rng(3), { amplitude: 0.4 });
  const dtmf = generateDtmf('12', { toneSec: 0.1, pauseSec: 0.1, edgeSec: 0 }).samples;
  const out = new Float32Array(8000 + speech.length + 8000 + dtmf.length + 4000);
  out.set(speech, 8000);
  out.set(dtmf, 8000 + speech.length + 8000);
  return addWhiteNoise(out, 35, new Rng(4), { referencePower: 0.02 });
}

describe('detectVoiceActivity', () => {
  it('finds the speech and neither the silence nor the DTMF tones', () => {
    const segments = detectVoiceActivity(call());
    expect(segments.length).toBeGreaterThanOrEqual(1);
    const first = segments[0];
    const last = segments[segments.length - 1];
    expect(first?.startSec).toBeGreaterThan(0.95);
    expect(first?.startSec).toBeLessThan(1.15);
    expect(last?.endSec).toBeGreaterThan(2.8);
    expect(last?.endSec).toBeLessThan(3.3);
    const speechSec = segments.reduce((sum, s) => sum + s.endSec - s.startSec, 0);
    expect(speechSec).toBeGreaterThan(1.6);
  });

  it('keeps the tones when told there are none to exclude', () => {
    const segments = detectVoiceActivity(call(), { dtmfTones: [] });
    expect(segments.some((s) => s.startSec > 3.9 && s.startSec < 4.1)).toBe(true);
  });

  it('returns nothing for noise alone', () => {
    expect(
      detectVoiceActivity(addWhiteNoise(new Float32Array(24000), 0, new Rng(1), { referencePower: 1e-4 })),
    ).toEqual([]);
  });
});
