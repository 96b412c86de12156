import { detectDtmf, type DtmfDetection } from './dtmf-detector.js';
import { readWav } from './pcm.js';
import { detectVoiceActivity, type SpeechSegment } from './voice-activity.js';

/** What a recorded caller did, read from the audio: keys, speech, silence, and when the call ended. */
export interface CallTrace {
  readonly durationSec: number;
  readonly digits: readonly DtmfDetection[];
  readonly speech: readonly SpeechSegment[];
  /** The recording's end: when the caller hung up (or the recording stopped). */
  readonly hangupSec: number;
}

/** Reads a WAV recording (8 kHz mu-law as Twilio records, or PCM) into a caller trace. */
export function traceWav(wav: Uint8Array, name: string): CallTrace {
  const audio = readWav(wav, name);
  const durationSec = audio.samples.length / audio.sampleRateHz;
  return {
    durationSec,
    digits: detectDtmf(audio.samples),
    speech: detectVoiceActivity(audio.samples),
    hangupSec: durationSec,
  };
}
