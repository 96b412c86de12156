import type { Rng } from '../sim/rng.js';

/** Options of `addWhiteNoise`. */
export interface WhiteNoiseOptions {
  /** Power the SNR is relative to. Default: the mean power of the non-zero samples (for DTMF: the tone power, not diluted by the pauses). */
  referencePower?: number;
}

/**
 * Returns a copy of `samples` with Gaussian white noise added at `snrDb`
 * below the reference power. Deterministic for a given `rng` state.
 *
 * @example addWhiteNoise(signal.samples, 10, new Rng(7))
 */
export function addWhiteNoise(
  samples: Float32Array,
  snrDb: number,
  rng: Rng,
  options: WhiteNoiseOptions = {},
): Float32Array {
  let referencePower = options.referencePower;
  if (referencePower === undefined) {
    let sum = 0;
    let count = 0;
    for (const x of samples) {
      if (x !== 0) {
        sum += x * x;
        count++;
      }
    }
    referencePower = count > 0 ? sum / count : 0;
  }
  const sigma = Math.sqrt(referencePower / 10 ** (snrDb / 10));
  const out = new Float32Array(samples.length);
  for (let i = 0; i < samples.length; i += 2) {
    // Box–Muller: two independent normals per pair of uniforms.
    const radius = sigma * Math.sqrt(-2 * Math.log(rng.nextOpen()));
    const angle = 2 * Math.PI * rng.next();
    out[i] = (samples[i] as number) + radius * Math.cos(angle);
    if (i + 1 < samples.length) out[i + 1] = (samples[i + 1] as number) + radius * Math.sin(angle);
  }
  return out;
}
