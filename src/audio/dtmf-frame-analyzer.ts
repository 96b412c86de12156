import { goertzelPower } from './goertzel.js';
import { DTMF_COLUMN_FREQUENCIES_HZ, DTMF_ROW_FREQUENCIES_HZ } from './dtmf-keypad.js';

/** Per-frame acceptance limits of the DTMF detector (see `DEFAULT_DTMF_FRAME_LIMITS`). */
export interface DtmfFrameLimits {
  /** Largest accepted |estimated − nominal| / nominal of each tone. Q.24 band: accept ≤ 0.015, reject ≥ 0.035. */
  frequencyTolerance: number;
  /** Largest accepted forward twist in dB (high group louder than low group). */
  maxForwardTwistDb: number;
  /** Largest accepted reverse twist in dB (low group louder than high group). */
  maxReverseTwistDb: number;
  /** Smallest share of the frame's power the two tones must carry together (talk-off guard). */
  minToneEnergyRatio: number;
  /** Largest accepted level of a tone's second harmonic relative to the tone, in dB (talk-off guard). */
  maxSecondHarmonicDb: number;
  /** Quietest accepted tone, as the sine's peak amplitude in dB relative to full scale (1.0). */
  minToneLevelDbfs: number;
}

/**
 * Defaults. Twist follows the North American reading of Q.24 (Bellcore
 * GR-506): forward 4 dB, reverse 8 dB. The frequency limit sits midway
 * between Q.24's must-accept 1.5 % and must-reject 3.5 %, so both sides keep
 * a 1 % margin for noise.
 */
export const DEFAULT_DTMF_FRAME_LIMITS: Readonly<DtmfFrameLimits> = {
  frequencyTolerance: 0.025,
  maxForwardTwistDb: 4,
  maxReverseTwistDb: 8,
  minToneEnergyRatio: 0.7,
  maxSecondHarmonicDb: -15,
  minToneLevelDbfs: -40,
};

/**
 * Values `analyze` writes per frame: the 8 nominal tone powers (rows, then
 * columns) and, for a detected symbol, the refined row and column frequencies
 * in Hz (0 otherwise).
 */
export const DTMF_FRAME_STRIDE = 12;

/** Relative offsets probed around a nominal tone: −5 % … +5 % in 1 % steps. */
const OFFSET_STEP = 0.01;
const OFFSET_STEPS = 5;
/** A row tone's second harmonic (1394–1882 Hz) closer than this to the column tone is swamped by its leakage; skip that check. */
const HARMONIC_GUARD_HZ = 150;

/**
 * Classifies one Hann-windowed frame as a DTMF symbol or nothing.
 *
 * Frequency: the 8 nominal Goertzel powers pick the strongest row and column;
 * each is then probed at nominal × (1 + k·1 %), k = −5…5, and the peak is
 * refined by a parabola through the log powers. The tone is accepted only if
 * the refined offset is within `frequencyTolerance` (a peak at the ±5 % edge
 * means "further out" and is rejected). The refined peak is also the tone's
 * level, free of the scalloping loss an off-frequency tone suffers at the
 * nominal bin (up to 2 dB at 1633 Hz + 1.5 %), so twist and energy ratio stay
 * honest for off-nominal senders.
 */
export class DtmfFrameAnalyzer {
  /** Samples per analysis window. */
  readonly windowSamples: number;
  private readonly sampleRateHz: number;
  private readonly limits: DtmfFrameLimits;
  private readonly window: Float32Array;
  private readonly windowed: Float32Array;
  /** Converts |X|² to a sinusoid's power A²/2. */
  private readonly tonePowerScale: number;
  /** Converts Σ(xw)² to the frame's mean power. */
  private readonly framePowerScale: number;
  private readonly minTonePower: number;
  private readonly probes = new Float64Array(2 * OFFSET_STEPS + 1);

  constructor(sampleRateHz: number, windowSamples: number, limits: DtmfFrameLimits) {
    this.sampleRateHz = sampleRateHz;
    this.windowSamples = windowSamples;
    this.limits = limits;
    this.window = new Float32Array(windowSamples);
    this.windowed = new Float32Array(windowSamples);
    let sum = 0;
    let sumSquares = 0;
    for (let i = 0; i < windowSamples; i++) {
      const w = 0.5 - 0.5 * Math.cos((2 * Math.PI * (i + 0.5)) / windowSamples);
      this.window[i] = w;
      sum += w;
      sumSquares += w * w;
    }
    this.tonePowerScale = 2 / (sum * sum);
    this.framePowerScale = 1 / sumSquares;
    const minAmplitude = 10 ** (limits.minToneLevelDbfs / 20);
    this.minTonePower = (minAmplitude * minAmplitude) / 2;
  }

  /**
   * Analyses the window starting at sample `start` of `samples` (samples
   * outside the array count as silence). Writes `DTMF_FRAME_STRIDE` values to
   * `out[outOffset…]` and returns the keypad index row·4 + column, or −1 when
   * no symbol is present.
   */
  analyze(samples: Float32Array, start: number, out: Float32Array, outOffset: number): number {
    const n = this.windowSamples;
    let energy = 0;
    for (let i = 0; i < n; i++) {
      const index = start + i;
      const x = index >= 0 && index < samples.length ? (samples[index] as number) : 0;
      const v = x * (this.window[i] as number);
      this.windowed[i] = v;
      energy += v * v;
    }
    const framePower = energy * this.framePowerScale;
    // Silence (most of a call) is settled without any Goertzel: no tone can reach the minimum level.
    if (framePower < this.minTonePower) {
      out.fill(0, outOffset, outOffset + DTMF_FRAME_STRIDE);
      return -1;
    }
    const row = this.strongest(DTMF_ROW_FREQUENCIES_HZ, out, outOffset);
    const column = this.strongest(DTMF_COLUMN_FREQUENCIES_HZ, out, outOffset + 4);
    out.fill(0, outOffset + 8, outOffset + DTMF_FRAME_STRIDE);
    // Speech is settled before the 22 probes of `refine`: at the nominal bins an off-frequency tone loses at
    // most ~2 dB (a factor 0.63), so a pair that cannot reach the energy share even then is no key.
    const nominal = (out[outOffset + row] as number) + (out[outOffset + 4 + column] as number);
    if (nominal / framePower < this.limits.minToneEnergyRatio * 0.6) return -1;

    const rowHz = DTMF_ROW_FREQUENCIES_HZ[row] as number;
    const columnHz = DTMF_COLUMN_FREQUENCIES_HZ[column] as number;
    const rowPeak = this.refine(rowHz, out[outOffset + row] as number);
    if (rowPeak === null) return -1;
    const columnPeak = this.refine(columnHz, out[outOffset + 4 + column] as number);
    if (columnPeak === null) return -1;

    const limits = this.limits;
    if (rowPeak.power < this.minTonePower || columnPeak.power < this.minTonePower) return -1;
    const twistDb = 10 * Math.log10(columnPeak.power / rowPeak.power);
    // Exact limits per frame too: relaxing them (for noisy levels near a limit) let speech through in talk-off runs.
    if (twistDb > limits.maxForwardTwistDb || -twistDb > limits.maxReverseTwistDb) return -1;
    if ((rowPeak.power + columnPeak.power) / framePower < limits.minToneEnergyRatio) return -1;

    const maxHarmonicRatio = 10 ** (limits.maxSecondHarmonicDb / 10);
    if (this.tonePower(2 * columnPeak.hz) > maxHarmonicRatio * columnPeak.power) return -1;
    if (
      Math.abs(2 * rowPeak.hz - columnPeak.hz) > HARMONIC_GUARD_HZ &&
      this.tonePower(2 * rowPeak.hz) > maxHarmonicRatio * rowPeak.power
    )
      return -1;
    out[outOffset + 8] = rowPeak.hz;
    out[outOffset + 9] = columnPeak.hz;
    out[outOffset + 10] = rowPeak.power;
    out[outOffset + 11] = columnPeak.power;
    return row * 4 + column;
  }

  private tonePower(hz: number): number {
    if (hz >= this.sampleRateHz / 2) return 0;
    return goertzelPower(this.windowed, hz, this.sampleRateHz) * this.tonePowerScale;
  }

  private strongest(frequenciesHz: readonly number[], out: Float32Array, offset: number): number {
    let best = 0;
    let bestPower = -1;
    for (let i = 0; i < frequenciesHz.length; i++) {
      const power = this.tonePower(frequenciesHz[i] as number);
      out[offset + i] = power;
      if (power > bestPower) {
        bestPower = power;
        best = i;
      }
    }
    return best;
  }

  /**
   * The refined `{ hz, power }` of the tone near `nominalHz`, or null when its
   * offset is out of tolerance. Climbs from the nominal frequency (its power
   * is known from `strongest`) to the peak over probes `OFFSET_STEP` apart:
   * a tone's response is one lobe across the probe range, so the climb finds
   * the same peak as probing them all, with a third of the Goertzel passes.
   */
  private refine(nominalHz: number, nominalPower: number): { hz: number; power: number } | null {
    const probes = this.probes;
    probes.fill(-1);
    const probe = (i: number): number => {
      if ((probes[i] as number) < 0) probes[i] = this.tonePower(nominalHz * (1 + (i - OFFSET_STEPS) * OFFSET_STEP));
      return probes[i] as number;
    };
    let best = OFFSET_STEPS;
    probes[best] = nominalPower;
    const direction = probe(best + 1) > nominalPower ? 1 : probe(best - 1) > nominalPower ? -1 : 0;
    if (direction !== 0) {
      best += direction;
      while (best > 0 && best < probes.length - 1 && probe(best + direction) > (probes[best] as number))
        best += direction;
    }
    if (best === 0 || best === probes.length - 1) return null;
    probe(best - 1);
    probe(best + 1);
    const floor = 1e-30;
    const a = 10 * Math.log10((probes[best - 1] as number) + floor);
    const b = 10 * Math.log10((probes[best] as number) + floor);
    const c = 10 * Math.log10((probes[best + 1] as number) + floor);
    const curvature = a - 2 * b + c;
    const delta = curvature < 0 ? (0.5 * (a - c)) / curvature : 0;
    const offset = (best - OFFSET_STEPS + delta) * OFFSET_STEP;
    if (Math.abs(offset) > this.limits.frequencyTolerance) return null;
    const peakDb = b - 0.25 * (a - c) * delta;
    return { hz: nominalHz * (1 + offset), power: 10 ** (peakDb / 10) };
  }
}
