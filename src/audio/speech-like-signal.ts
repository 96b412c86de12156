import type { Rng } from '../sim/rng.js';

/** Options of `generateSpeechLike`; every field has a default. */
export interface SpeechLikeOptions {
  /** Sample rate in Hz. Default 8000. */
  sampleRateHz?: number;
  /** Peak amplitude (full scale 1.0). Default 0.5. */
  amplitude?: number;
}

/** Formant centre ranges in Hz (F1, F2, F3) and bandwidths, roughly those of vowels. */
const FORMANT_RANGES_HZ: readonly (readonly [number, number])[] = [
  [300, 850],
  [850, 2300],
  [2300, 3200],
];
const FORMANT_BANDWIDTHS_HZ: readonly number[] = [90, 120, 160];
const FORMANT_GAINS: readonly number[] = [1, 0.6, 0.3];

/**
 * A crude voiced-speech stand-in for talk-off tests: harmonics of a pitch that
 * glides within 100–250 Hz, shaped by three formants that move from syllable
 * to syllable, under a syllable-rate (≈ 4 Hz) envelope with short gaps. Not
 * intelligible, but it has what trips naive DTMF detectors: strong, slowly
 * moving narrow-band peaks in the 600–1700 Hz range.
 *
 * @example generateSpeechLike(3, new Rng(1))
 */
export function generateSpeechLike(durationSec: number, rng: Rng, options: SpeechLikeOptions = {}): Float32Array {
  const sampleRateHz = options.sampleRateHz ?? 8000;
  const amplitude = options.amplitude ?? 0.5;
  const total = Math.max(0, Math.round(durationSec * sampleRateHz));
  const out = new Float32Array(total);
  const nyquistHz = sampleRateHz / 2 - 200;
  const phases = new Float64Array(Math.ceil(nyquistHz / 100));

  let i = 0;
  let pitchHz = 100 + 150 * rng.next();
  const from = FORMANT_RANGES_HZ.map(([lo, hi]) => lo + (hi - lo) * rng.next());
  while (i < total) {
    const syllableSamples = Math.round((0.12 + 0.18 * rng.next()) * sampleRateHz);
    const gapSamples = Math.round((0.03 + 0.09 * rng.next()) * sampleRateHz);
    const to = FORMANT_RANGES_HZ.map(([lo, hi]) => lo + (hi - lo) * rng.next());
    const pitchStartHz = pitchHz;
    const pitchEndHz = 100 + 150 * rng.next();
    for (let j = 0; j < syllableSamples && i < total; j++, i++) {
      const u = j / syllableSamples;
      // Pitch glides along a curve, with a little vibrato, as intonation does.
      const f0 =
        pitchStartHz +
        (pitchEndHz - pitchStartHz) * (0.5 - 0.5 * Math.cos(Math.PI * u)) +
        3 * Math.sin(2 * Math.PI * 5.5 * (i / sampleRateHz));
      const envelope = Math.sin(Math.PI * u) ** 0.6;
      let value = 0;
      for (let h = 0; h < phases.length; h++) {
        const hz = (h + 1) * f0;
        if (hz >= nyquistHz) break;
        phases[h] = ((phases[h] as number) + (2 * Math.PI * hz) / sampleRateHz) % (2 * Math.PI);
        let gain = 0;
        for (let f = 0; f < 3; f++) {
          const centreHz = (from[f] as number) + ((to[f] as number) - (from[f] as number)) * u;
          const distance = (hz - centreHz) / (FORMANT_BANDWIDTHS_HZ[f] as number);
          gain += (FORMANT_GAINS[f] as number) / (1 + distance * distance);
        }
        // Net source tilt −6 dB per octave (glottal −12 dB, lip radiation +6 dB).
        value += (gain * Math.sin(phases[h] as number)) / (h + 1);
      }
      out[i] = value * envelope;
    }
    for (let j = 0; j < gapSamples && i < total; j++, i++) out[i] = 0;
    for (let f = 0; f < 3; f++) from[f] = to[f] as number;
    pitchHz = pitchEndHz;
  }

  let peak = 0;
  for (const x of out) peak = Math.max(peak, Math.abs(x));
  if (peak > 0) for (let k = 0; k < total; k++) out[k] = ((out[k] as number) / peak) * amplitude;
  return out;
}
