import { HotlineError } from '../errors.js';
import {
  DEFAULT_DTMF_FRAME_LIMITS,
  DTMF_FRAME_STRIDE,
  DtmfFrameAnalyzer,
  type DtmfFrameLimits,
} from './dtmf-frame-analyzer.js';
import { DTMF_DIGITS, type DtmfDigit } from './dtmf-keypad.js';

/** One detected DTMF symbol; times in seconds from the start of the signal. */
export interface DtmfDetection {
  digit: DtmfDigit;
  startSec: number;
  endSec: number;
}

/** Options of `detectDtmf`; every field has a default. */
export interface DtmfDetectorOptions extends Partial<DtmfFrameLimits> {
  /** Sample rate of the input in Hz. Default 8000. */
  sampleRateHz?: number;
  /** Analysis window in seconds. Default 0.025 (200 samples at 8 kHz: 40 Hz bins). */
  windowSec?: number;
  /** Frame hop in seconds: the resolution of the measured tone and pause lengths. Default 0.004. */
  hopSec?: number;
  /** Shortest tone accepted. Default 0.036: Q.24 must accept ≥ 40 ms and may reject below that. */
  minToneSec?: number;
  /** Longest break inside one tone that is bridged rather than read as a pause. Default 0.02 (Q.24: breaks ≤ 10 ms must be bridged, pauses ≥ 40 ms must separate). */
  maxBridgedGapSec?: number;
  /** Largest standard deviation of a tone's frequency across a run's frames, relative to nominal. Default 0.004: a keyed tone is steady, a speech harmonic glides (talk-off guard). */
  maxFrequencySpread?: number;
  /** Smallest share of a run's frames that must pass every per-frame check. Default 0.5. */
  minValidFrameShare?: number;
}

/** A tone must stay within this power ratio (−6 dB) of its peak to count as present: the window centre lies inside the tone. */
const TONE_ON_POWER_RATIO = 0.25;
/** A run needs at least this many fully valid frames, so one lucky speech frame cannot be stretched into a tone. */
const MIN_VALID_FRAMES = 3;
const STRIDE = DTMF_FRAME_STRIDE;

interface Run {
  digitIndex: number;
  firstFrame: number;
  lastFrame: number;
}

/**
 * Finds DTMF symbols in mono audio (ITU-T Q.24 receiver behaviour).
 *
 * Frames of `windowSec` (Hann) every `hopSec` are classified by
 * `DtmfFrameAnalyzer` (frequency offset, twist, energy ratio, second
 * harmonics, level). Runs of frames with the same symbol are then measured:
 * a run extends over the neighbouring frames where both of its tones stay
 * within −6 dB of the run's peak, which is where the window centre is inside
 * the tone, so the measured length is the tone's length (± one hop) whatever
 * the noise does to the stricter per-frame checks. Runs of the same symbol
 * separated by at most `maxBridgedGapSec` merge; a run shorter than
 * `minToneSec` is dropped.
 *
 * @example detectDtmf(samples) // → [{ digit: '5', startSec: 0.1, endSec: 0.2 }, …]
 */
export function detectDtmf(samples: Float32Array, options: DtmfDetectorOptions = {}): DtmfDetection[] {
  const sampleRateHz = options.sampleRateHz ?? 8000;
  const windowSec = options.windowSec ?? 0.025;
  const hopSec = options.hopSec ?? 0.004;
  const minToneSec = options.minToneSec ?? 0.036;
  const maxBridgedGapSec = options.maxBridgedGapSec ?? 0.02;
  const maxFrequencySpread = options.maxFrequencySpread ?? 0.004;
  const minValidFrameShare = options.minValidFrameShare ?? 0.5;
  const limits: DtmfFrameLimits = { ...DEFAULT_DTMF_FRAME_LIMITS };
  for (const key of Object.keys(DEFAULT_DTMF_FRAME_LIMITS) as (keyof DtmfFrameLimits)[]) {
    const value = options[key];
    if (value !== undefined) limits[key] = value;
  }
  checkOptions(sampleRateHz, windowSec, hopSec, minToneSec, maxBridgedGapSec, limits);

  const hop = Math.max(1, Math.round(hopSec * sampleRateHz));
  const analyzer = new DtmfFrameAnalyzer(sampleRateHz, Math.round(windowSec * sampleRateHz), limits);
  const frameCount = Math.ceil(samples.length / hop);
  const frames = new Float32Array(frameCount * STRIDE);
  const candidates = new Int8Array(frameCount);
  // Frame k stands for samples [k·hop, (k+1)·hop): its window is centred there.
  const lead = Math.round((analyzer.windowSamples - hop) / 2);
  for (let k = 0; k < frameCount; k++) {
    candidates[k] = analyzer.analyze(samples, k * hop - lead, frames, k * STRIDE);
  }

  const runs = mergeRuns(
    extendRuns(findRuns(candidates), candidates, frames),
    Math.floor((maxBridgedGapSec * sampleRateHz) / hop),
  );
  const minFrames = Math.ceil((minToneSec * sampleRateHz) / hop - 1e-9);
  const detections: DtmfDetection[] = [];
  for (const run of runs) {
    const span = run.lastFrame - run.firstFrame + 1;
    if (span < minFrames) continue;
    if (
      !isSteadyTone(
        run,
        candidates,
        frames,
        Math.max(MIN_VALID_FRAMES, minValidFrameShare * span),
        maxFrequencySpread,
        limits,
      )
    )
      continue;
    detections.push({
      digit: DTMF_DIGITS[run.digitIndex] as DtmfDigit,
      startSec: (run.firstFrame * hop) / sampleRateHz,
      endSec: ((run.lastFrame + 1) * hop) / sampleRateHz,
    });
  }
  return detections;
}

function findRuns(candidates: Int8Array): Run[] {
  const runs: Run[] = [];
  let k = 0;
  while (k < candidates.length) {
    const digitIndex = candidates[k] as number;
    if (digitIndex < 0) {
      k++;
      continue;
    }
    let last = k;
    while (last + 1 < candidates.length && candidates[last + 1] === digitIndex) last++;
    runs.push({ digitIndex, firstFrame: k, lastFrame: last });
    k = last + 1;
  }
  return runs;
}

/** Widens each run over adjacent frames (not claimed by another symbol) where both its tones are still within −6 dB of the run's peak. */
function extendRuns(runs: Run[], candidates: Int8Array, frames: Float32Array): Run[] {
  return runs.map((run) => {
    const rowSlot = Math.floor(run.digitIndex / 4);
    const columnSlot = 4 + (run.digitIndex % 4);
    let rowPeak = 0;
    let columnPeak = 0;
    for (let k = run.firstFrame; k <= run.lastFrame; k++) {
      rowPeak = Math.max(rowPeak, frames[k * STRIDE + rowSlot] as number);
      columnPeak = Math.max(columnPeak, frames[k * STRIDE + columnSlot] as number);
    }
    const toneOn = (k: number): boolean =>
      (candidates[k] === -1 || candidates[k] === run.digitIndex) &&
      (frames[k * STRIDE + rowSlot] as number) >= TONE_ON_POWER_RATIO * rowPeak &&
      (frames[k * STRIDE + columnSlot] as number) >= TONE_ON_POWER_RATIO * columnPeak;
    let first = run.firstFrame;
    let last = run.lastFrame;
    while (first > 0 && toneOn(first - 1)) first--;
    while (last + 1 < candidates.length && toneOn(last + 1)) last++;
    return { digitIndex: run.digitIndex, firstFrame: first, lastFrame: last };
  });
}

/** True when enough of the run's frames are valid, both refined tone frequencies stay put across them, and the mean twist is within limits. */
function isSteadyTone(
  run: Run,
  candidates: Int8Array,
  frames: Float32Array,
  minValidFrames: number,
  maxSpread: number,
  limits: DtmfFrameLimits,
): boolean {
  let count = 0;
  const sums = [0, 0];
  const squares = [0, 0];
  const powers = [0, 0];
  for (let k = run.firstFrame; k <= run.lastFrame; k++) {
    if (candidates[k] !== run.digitIndex) continue;
    count++;
    for (let t = 0; t < 2; t++) {
      const hz = frames[k * STRIDE + 8 + t] as number;
      sums[t] = (sums[t] as number) + hz;
      squares[t] = (squares[t] as number) + hz * hz;
      powers[t] = (powers[t] as number) + (frames[k * STRIDE + 10 + t] as number);
    }
  }
  if (count < minValidFrames) return false;
  for (let t = 0; t < 2; t++) {
    const mean = (sums[t] as number) / count;
    const variance = Math.max(0, (squares[t] as number) / count - mean * mean);
    if (Math.sqrt(variance) > maxSpread * mean) return false;
  }
  const twistDb = 10 * Math.log10((powers[1] as number) / (powers[0] as number));
  return twistDb <= limits.maxForwardTwistDb && -twistDb <= limits.maxReverseTwistDb;
}

/** Joins consecutive runs of the same symbol whose gap is at most `maxGapFrames` frames. */
function mergeRuns(runs: Run[], maxGapFrames: number): Run[] {
  const merged: Run[] = [];
  for (const run of runs) {
    const previous = merged[merged.length - 1];
    if (previous && previous.digitIndex === run.digitIndex && run.firstFrame - previous.lastFrame - 1 <= maxGapFrames) {
      previous.lastFrame = Math.max(previous.lastFrame, run.lastFrame);
    } else {
      merged.push({ ...run });
    }
  }
  return merged;
}

function checkOptions(
  sampleRateHz: number,
  windowSec: number,
  hopSec: number,
  minToneSec: number,
  maxBridgedGapSec: number,
  limits: DtmfFrameLimits,
): void {
  const problems: string[] = [];
  // The highest probe is the second harmonic of 1633 Hz + 5 %: 3429 Hz.
  if (!(sampleRateHz >= 7000)) problems.push(`sampleRateHz must be ≥ 7000 (got ${sampleRateHz})`);
  if (!(windowSec > 0)) problems.push(`windowSec must be > 0 (got ${windowSec})`);
  if (!(hopSec > 0 && hopSec <= windowSec)) problems.push(`hopSec must be in (0, windowSec] (got ${hopSec})`);
  if (!(minToneSec >= 0)) problems.push(`minToneSec must be ≥ 0 (got ${minToneSec})`);
  if (!(maxBridgedGapSec >= 0)) problems.push(`maxBridgedGapSec must be ≥ 0 (got ${maxBridgedGapSec})`);
  if (!(limits.frequencyTolerance > 0 && limits.frequencyTolerance < 0.05)) {
    problems.push(`frequencyTolerance must be in (0, 0.05) (got ${limits.frequencyTolerance})`);
  }
  if (problems.length > 0) {
    throw new HotlineError('HOTLINE_ARGUMENT_INVALID', `detectDtmf: invalid options: ${problems.join('; ')}.`);
  }
}
