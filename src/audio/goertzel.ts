/**
 * Goertzel's algorithm: the squared magnitude of one DFT coefficient at an
 * arbitrary (not necessarily bin-centred) frequency, in O(n) without an FFT.
 * Evaluating only the handful of frequencies DTMF needs is far cheaper than a
 * full spectrum.
 */

/**
 * Returns |X(f)|² of `frame` (already windowed) at `frequencyHz`.
 * Divide by (Σw/2)² to get the squared amplitude of a sinusoid at `frequencyHz`.
 */
export function goertzelPower(frame: Float32Array, frequencyHz: number, sampleRateHz: number): number {
  const coefficient = 2 * Math.cos((2 * Math.PI * frequencyHz) / sampleRateHz);
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < frame.length; i++) {
    const s0 = (frame[i] as number) + coefficient * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return s1 * s1 + s2 * s2 - coefficient * s1 * s2;
}
