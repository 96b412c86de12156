import { detectDtmf, type DtmfDetection } from '../../audio/dtmf-detector.js';
import { muLawBytesToWav, readWav } from '../../audio/pcm.js';
import { GrowingWav } from './growing-wav.js';

/** Mu-law bytes per second (8 kHz, one byte a sample). */
const BYTES_PER_SEC = 8000;
/** Twilio ends every call after 4 hours: no stream can carry more audio. */
export const MAX_STREAM_BYTES = 4 * 3600 * BYTES_PER_SEC;
/**
 * Audio a stream may be ahead of the time since it started. Twilio streams in
 * real time, so audio and elapsed time agree up to network buffering; 10 s
 * covers that (and a test's burst of a few seconds) while a client that sends
 * faster than time passes is stopped after 80 KB.
 */
export const ELAPSED_MARGIN_BYTES = 10 * BYTES_PER_SEC;
/** Out-of-band keys kept per stream: a key every 15 s for the 4 hours. */
export const MAX_DTMF_EVENTS = 1000;
/** Live detection looks at the last seconds of audio once a second. */
const LIVE_WINDOW_BYTES = 3 * BYTES_PER_SEC;

/** Facts of a stream's audio once it ended. */
export interface CapturedAudio {
  readonly durationSec: number;
  readonly dtmf: readonly { digit: string; atSec: number }[];
}

/**
 * The caller's audio of one Media Stream, in order: each frame goes to disk
 * (a GrowingWav) at its timestamp, gaps filled with silence. Memory is bounded
 * whatever arrives: one batch (1 s) for the file and the last 3 s for live key
 * detection. The audio is capped by the call's possible length (4 hours) and
 * by the time since the stream started (plus ELAPSED_MARGIN_BYTES), measured
 * with the injected clock: a frame past the cap is not written, and the
 * caller ends the stream.
 */
export class StreamCapture {
  private readonly wav: GrowingWav;
  private readonly tail = new Uint8Array(LIVE_WINDOW_BYTES);
  private readonly dtmfEvents: { digit: string; atSec: number }[] = [];
  private nextLiveCheck = BYTES_PER_SEC;
  private lastLiveEndSec = -1;

  constructor(
    path: string,
    private readonly startedMs: number,
    private readonly clock: () => number,
    private readonly onLiveDigit: (digit: DtmfDetection) => void,
  ) {
    this.wav = new GrowingWav(path);
  }

  /** Audio bytes so far. */
  get bytes(): number {
    return this.wav.bytes;
  }

  /** Bytes the stream may hold now. */
  capBytes(): number {
    const elapsed = Math.max(0, Math.floor((this.clock() - this.startedMs) * (BYTES_PER_SEC / 1000)));
    return Math.min(MAX_STREAM_BYTES, elapsed + ELAPSED_MARGIN_BYTES);
  }

  /**
   * Adds a frame `timestampMs` after the stream's start. Returns false, and
   * writes nothing of it, when the frame (with the silence before it) would
   * pass the cap.
   */
  media(timestampMs: number, payload: Uint8Array): boolean {
    const at = timestampMs * (BYTES_PER_SEC / 1000);
    const gap = at > this.bytes ? at - this.bytes : 0;
    if (this.bytes + gap + payload.length > this.capBytes()) return false;
    if (gap > 0) {
      // The caller's side was silent or frames were lost.
      this.wav.appendSilence(gap);
      this.pushTail(null, gap);
    }
    this.wav.append(payload);
    this.pushTail(payload, payload.length);
    if (this.bytes >= this.nextLiveCheck) {
      this.nextLiveCheck = this.bytes + BYTES_PER_SEC;
      this.liveDetect();
    }
    return true;
  }

  /** Notes a key Twilio reported out of band; false when the stream has had MAX_DTMF_EVENTS already. */
  dtmf(digit: string): { digit: string; atSec: number } | null {
    if (this.dtmfEvents.length >= MAX_DTMF_EVENTS) return null;
    const event = { digit, atSec: this.bytes / BYTES_PER_SEC };
    this.dtmfEvents.push(event);
    return event;
  }

  /** Writes the last audio and closes the file. */
  close(): CapturedAudio {
    const bytes = this.wav.close();
    return { durationSec: bytes / BYTES_PER_SEC, dtmf: this.dtmfEvents };
  }

  /** Keeps the last LIVE_WINDOW_BYTES of audio in a ring (null: silence). */
  private pushTail(bytes: Uint8Array | null, count: number): void {
    const size = this.tail.length;
    const start = this.bytes - count;
    const from = Math.max(0, count - size);
    for (let i = from; i < count; i += 1) this.tail[(start + i) % size] = bytes ? bytes[i]! : 0xff;
  }

  /** Looks for keys in the last seconds only: the call's audio is never held in memory. */
  private liveDetect(): void {
    const size = this.tail.length;
    const length = Math.min(this.bytes, size);
    const window = new Uint8Array(length);
    for (let i = 0; i < length; i += 1) window[i] = this.tail[(this.bytes - length + i) % size]!;
    const samples = readWav(muLawBytesToWav(window), 'live').samples;
    const offsetSec = (this.bytes - length) / BYTES_PER_SEC;
    for (const d of detectDtmf(samples)) {
      const digit = { digit: d.digit, startSec: d.startSec + offsetSec, endSec: d.endSec + offsetSec };
      // A key still sounding at the window's end is reported when it is complete, in a later window.
      if (digit.startSec > this.lastLiveEndSec + 0.03 && d.endSec < samples.length / BYTES_PER_SEC - 0.05) {
        this.lastLiveEndSec = digit.endSec;
        this.onLiveDigit(digit);
      }
    }
  }
}
