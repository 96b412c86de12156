import { HotlineError } from '../errors.js';
import { dtmfFrequencies, isDtmfDigit, type DtmfDigit } from './dtmf-keypad.js';
import type { DtmfDetection } from './dtmf-detector.js';

/** Options of `generateDtmf`; every field has a default. */
export interface DtmfToneOptions {
  /** Sample rate in Hz. Default 8000. */
  sampleRateHz?: number;
  /** Length of each tone in seconds. Default 0.1. */
  toneSec?: number;
  /** Silence between tones in seconds. Default 0.1. */
  pauseSec?: number;
  /** Silence before the first tone and after the last, in seconds. Default `pauseSec`. */
  edgeSec?: number;
  /** Peak amplitude of the low-group sine (full scale 1.0). Default 0.3 (−10.5 dBFS). */
  amplitude?: number;
  /** Frequency error of the low-group tone in percent of nominal (+1.5 = 1.5 % high). Default 0. */
  lowOffsetPct?: number;
  /** Frequency error of the high-group tone in percent of nominal. Default 0. */
  highOffsetPct?: number;
  /** High-group level minus low-group level in dB (positive = forward twist). Default 0. */
  twistDb?: number;
  /** Start phase of every sine in radians. Default 0. */
  phaseRad?: number;
}

/** A generated signal and where its symbols are. */
export interface DtmfSignal {
  samples: Float32Array;
  /** The truth: each symbol with its exact start and end. */
  tones: DtmfDetection[];
}

/**
 * Synthesises a DTMF symbol sequence: `edgeSec` of silence, then each symbol
 * for `toneSec` followed by `pauseSec` (the last by `edgeSec`).
 *
 * @example generateDtmf('123#', { toneSec: 0.04, pauseSec: 0.04, twistDb: 2 })
 */
export function generateDtmf(digits: string, options: DtmfToneOptions = {}): DtmfSignal {
  const sampleRateHz = options.sampleRateHz ?? 8000;
  const toneSec = options.toneSec ?? 0.1;
  const pauseSec = options.pauseSec ?? 0.1;
  const edgeSec = options.edgeSec ?? pauseSec;
  const lowAmplitude = options.amplitude ?? 0.3;
  const highAmplitude = lowAmplitude * 10 ** ((options.twistDb ?? 0) / 20);
  const lowFactor = 1 + (options.lowOffsetPct ?? 0) / 100;
  const highFactor = 1 + (options.highOffsetPct ?? 0) / 100;
  const phaseRad = options.phaseRad ?? 0;
  const symbols = [...digits];
  for (const symbol of symbols) {
    if (!isDtmfDigit(symbol)) {
      throw new HotlineError(
        'HOTLINE_ARGUMENT_INVALID',
        `generateDtmf: '${symbol}' in "${digits}" is not a DTMF symbol; use 0-9, *, #, A-D.`,
      );
    }
  }
  if (!(toneSec > 0 && pauseSec >= 0 && edgeSec >= 0 && sampleRateHz > 0)) {
    throw new HotlineError(
      'HOTLINE_ARGUMENT_INVALID',
      'generateDtmf: toneSec must be > 0, pauseSec and edgeSec ≥ 0, sampleRateHz > 0.',
    );
  }

  const toneSamples = Math.round(toneSec * sampleRateHz);
  const pauseSamples = Math.round(pauseSec * sampleRateHz);
  const edgeSamples = Math.round(edgeSec * sampleRateHz);
  const total = 2 * edgeSamples + symbols.length * toneSamples + Math.max(0, symbols.length - 1) * pauseSamples;
  const samples = new Float32Array(total);
  const tones: DtmfDetection[] = [];
  let start = edgeSamples;
  for (const symbol of symbols as DtmfDigit[]) {
    const { lowHz, highHz } = dtmfFrequencies(symbol);
    const lowStep = (2 * Math.PI * lowHz * lowFactor) / sampleRateHz;
    const highStep = (2 * Math.PI * highHz * highFactor) / sampleRateHz;
    for (let i = 0; i < toneSamples; i++) {
      samples[start + i] =
        lowAmplitude * Math.sin(phaseRad + lowStep * i) + highAmplitude * Math.sin(phaseRad + highStep * i);
    }
    tones.push({ digit: symbol, startSec: start / sampleRateHz, endSec: (start + toneSamples) / sampleRateHz });
    start += toneSamples + pauseSamples;
  }
  return { samples, tones };
}
