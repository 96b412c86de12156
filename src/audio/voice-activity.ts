import { HotlineError } from '../errors.js';
import { detectDtmf } from './dtmf-detector.js';

/** One stretch of speech; seconds from the start of the signal. */
export interface SpeechSegment {
  startSec: number;
  endSec: number;
}

/** Options of `detectVoiceActivity`; every field has a default. */
export interface VoiceActivityOptions {
  /** Sample rate in Hz. Default 8000. */
  sampleRateHz?: number;
  /** Energy frame in seconds. Default 0.02. */
  frameSec?: number;
  /** Frame hop in seconds. Default 0.01. */
  hopSec?: number;
  /** How far above the noise floor a frame must be to count as speech, in dB. Default 9. */
  thresholdDb?: number;
  /** Frames quieter than this mean power (dB re full-scale square wave) are never speech. Default −55. */
  minLevelDb?: number;
  /** How fast the noise floor may rise, in dB per second (it falls at once). Default 2. */
  floorRiseDbPerSec?: number;
  /** Speech is held this long after the last loud frame, bridging stops and short pauses. Default 0.2. */
  hangoverSec?: number;
  /** Shorter segments (after removing DTMF) are dropped. Default 0.1. */
  minSpeechSec?: number;
  /** DTMF tones to exclude; default: `detectDtmf(samples, { sampleRateHz })`. Pass `[]` to keep tones. */
  dtmfTones?: readonly SpeechSegment[];
  /** Margin cut around each DTMF tone, in seconds. Default 0.03. */
  dtmfMarginSec?: number;
}

/**
 * Energy-based voice activity detection: a frame is speech when its energy
 * is `thresholdDb` above an adaptive noise floor (starts at the 10th
 * percentile of frame energies, follows drops at once, rises slowly), held
 * for `hangoverSec`. DTMF tones are loud too, so their frames never count as
 * speech and their spans (± `dtmfMarginSec`) are cut out of the segments.
 *
 * @example detectVoiceActivity(samples) // → [{ startSec: 0.51, endSec: 2.32 }]
 */
export function detectVoiceActivity(samples: Float32Array, options: VoiceActivityOptions = {}): SpeechSegment[] {
  const sampleRateHz = options.sampleRateHz ?? 8000;
  const frameSec = options.frameSec ?? 0.02;
  const hopSec = options.hopSec ?? 0.01;
  const thresholdDb = options.thresholdDb ?? 9;
  const minLevelDb = options.minLevelDb ?? -55;
  const floorRiseDbPerSec = options.floorRiseDbPerSec ?? 2;
  const hangoverSec = options.hangoverSec ?? 0.2;
  const minSpeechSec = options.minSpeechSec ?? 0.1;
  const dtmfMarginSec = options.dtmfMarginSec ?? 0.03;
  if (!(sampleRateHz > 0 && frameSec > 0 && hopSec > 0 && hopSec <= frameSec)) {
    throw new HotlineError(
      'HOTLINE_ARGUMENT_INVALID',
      `detectVoiceActivity: need sampleRateHz > 0 and 0 < hopSec ≤ frameSec (got ${sampleRateHz}, ${hopSec}, ${frameSec}).`,
    );
  }

  const frame = Math.max(1, Math.round(frameSec * sampleRateHz));
  const hop = Math.max(1, Math.round(hopSec * sampleRateHz));
  const frameCount = samples.length < frame ? 0 : Math.floor((samples.length - frame) / hop) + 1;
  const energiesDb = new Float64Array(frameCount);
  for (let k = 0; k < frameCount; k++) {
    let sum = 0;
    for (let i = k * hop; i < k * hop + frame; i++) sum += (samples[i] as number) ** 2;
    energiesDb[k] = 10 * Math.log10(sum / frame + 1e-12);
  }

  const tones = options.dtmfTones ?? detectDtmf(samples, { sampleRateHz });
  const inTone = (k: number): boolean => {
    const startSec = (k * hop) / sampleRateHz;
    const endSec = (k * hop + frame) / sampleRateHz;
    return tones.some((t) => endSec > t.startSec - dtmfMarginSec && startSec < t.endSec + dtmfMarginSec);
  };

  let floorDb = percentile(energiesDb, 0.1);
  const riseDbPerFrame = floorRiseDbPerSec * (hop / sampleRateHz);
  const hangoverFrames = Math.round((hangoverSec * sampleRateHz) / hop);
  const raw: SpeechSegment[] = [];
  let lastLoud = -Infinity;
  let openStart = -1;
  for (let k = 0; k < frameCount; k++) {
    const e = energiesDb[k] as number;
    floorDb = e < floorDb ? e : floorDb + riseDbPerFrame;
    // Tone frames are masked before the hangover, so a tone leaves no speech tail behind it.
    const loud = e > floorDb + thresholdDb && e > minLevelDb && !inTone(k);
    if (loud) {
      if (openStart < 0) openStart = k;
      lastLoud = k;
    } else if (openStart >= 0 && k - lastLoud > hangoverFrames) {
      raw.push(toSegment(openStart, k - 1, hop, frame, sampleRateHz));
      openStart = -1;
    }
  }
  if (openStart >= 0) raw.push(toSegment(openStart, frameCount - 1, hop, frame, sampleRateHz));

  let segments = raw;
  for (const tone of tones) segments = subtract(segments, tone.startSec - dtmfMarginSec, tone.endSec + dtmfMarginSec);
  return segments.filter((s) => s.endSec - s.startSec >= minSpeechSec);
}

function toSegment(
  firstFrame: number,
  lastFrame: number,
  hop: number,
  frame: number,
  sampleRateHz: number,
): SpeechSegment {
  return { startSec: (firstFrame * hop) / sampleRateHz, endSec: (lastFrame * hop + frame) / sampleRateHz };
}

/** Removes [cutStartSec, cutEndSec] from every segment. */
function subtract(segments: SpeechSegment[], cutStartSec: number, cutEndSec: number): SpeechSegment[] {
  const out: SpeechSegment[] = [];
  for (const s of segments) {
    if (cutEndSec <= s.startSec || cutStartSec >= s.endSec) {
      out.push(s);
      continue;
    }
    if (cutStartSec > s.startSec) out.push({ startSec: s.startSec, endSec: cutStartSec });
    if (cutEndSec < s.endSec) out.push({ startSec: cutEndSec, endSec: s.endSec });
  }
  return out;
}

function percentile(values: Float64Array, q: number): number {
  if (values.length === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}
