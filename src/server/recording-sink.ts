import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CallEvent } from '../flow/call-event.js';
import type { CallRecord } from '../record/call-record.js';
import { journeyFacts, summariseJourney } from '../replay/journey-summary.js';
import { RECORDING_FORMAT, roundedJourney, roundSec, type JourneyStep, type RecordingMetadataInput } from '../replay/recording-metadata.js';
import type { CallStore } from '../store/call-store.js';

/** A finished Media Stream of a call: its WAV file and when it began. */
export interface StreamAudio {
  readonly callSid: string;
  /** The WAV's file name in the recordings folder. */
  readonly file: string;
  /** Milliseconds since the epoch when the stream started. */
  readonly startedMs: number;
  readonly durationSec: number;
  /** Keys Twilio reported out of band, seconds since the stream started. */
  readonly dtmf: readonly { digit: string; atSec: number }[];
}

/** Seconds before the recognised end of an utterance that it is taken to have begun (the server hears only the result). */
const UTTERANCE_SEC = 2;

/**
 * Writes each recorded call's metadata (hotline-recording/1) beside its WAV.
 * The audio (the stream's end) and the call's final record (the status
 * callback) arrive in either order, so both write what is known at the time:
 * a stream that ends first gets metadata from the live session at once (it is
 * rewritten when the call ends), and nothing already on disk is ever dropped.
 * Calls that leave a message (`<Record>`) without a stream get metadata too,
 * with no audio: Twilio keeps the message at its RecordingUrl.
 */
export class RecordingSink {
  private readonly audio = new Map<string, StreamAudio>();
  private readonly ended = new Map<string, { record: CallRecord; journey: readonly JourneyStep[] }>();

  constructor(private readonly dir: string, private readonly store: CallStore) {}

  /** The folder recordings go to. */
  get folder(): string {
    return this.dir;
  }

  /** Writes a finished stream's WAV, then the metadata known so far. */
  async streamEnded(audio: StreamAudio, wav: Uint8Array): Promise<void> {
    mkdirSync(this.dir, { recursive: true });
    atomicWrite(join(this.dir, audio.file), wav);
    this.audio.set(audio.callSid, audio);
    const done = this.ended.get(audio.callSid);
    if (done) {
      this.write(audio.callSid, done.record, done.journey, true);
      return;
    }
    const session = await this.store.getSession(audio.callSid);
    const record = session?.record ?? (await this.store.getRecord(audio.callSid));
    if (record) this.write(audio.callSid, record, session?.journey ?? [], session === undefined);
  }

  /** The call's final record and journey: (re)writes its metadata if it has audio or left a message. */
  callEnded(record: CallRecord, journey: readonly JourneyStep[]): void {
    const hasMessage = journey.some((s) => s.event?.type === 'RECORDED');
    if (!this.audio.has(record.callSid) && !hasMessage) {
      // A stream may still be closing: keep the facts until it does (bounded by calls still streaming).
      if (this.streaming.has(record.callSid)) this.ended.set(record.callSid, { record, journey });
      return;
    }
    this.write(record.callSid, record, journey, true);
  }

  /** Calls whose stream started and has not ended yet. */
  readonly streaming = new Set<string>();

  private write(callSid: string, record: CallRecord, journey: readonly JourneyStep[], final: boolean): void {
    const audio = this.audio.get(callSid);
    if (final) {
      this.audio.delete(callSid);
      this.ended.delete(callSid);
    }
    mkdirSync(this.dir, { recursive: true });
    const metadata = recordingMetadata(record, journey, audio ?? null, final);
    const name = audio ? audio.file.replace(/\.wav$/, '') : `${callSid}-message`;
    atomicWrite(join(this.dir, `${name}.json`), `${JSON.stringify(metadata, null, 2)}\n`);
  }
}

function atomicWrite(path: string, data: Uint8Array | string): void {
  writeFileSync(`${path}.tmp`, data);
  renameSync(`${path}.tmp`, path);
}

/** The metadata of a live call, from its record and journey (call times: seconds since the call was answered). */
export function recordingMetadata(record: CallRecord, journey: readonly JourneyStep[], audio: StreamAudio | null, final: boolean): RecordingMetadataInput {
  const summary = summariseJourney(journey);
  const offsetSec = audio ? Math.max(0, audio.startedMs / 1000 - record.arrivalSec) : 0;
  const endSec = record.endSec ?? (audio ? audio.startedMs / 1000 + audio.durationSec : record.arrivalSec);
  const waitEnd = record.answerSec ?? record.abandonSec ?? null;
  const events = journey.filter((s): s is JourneyStep & { event: CallEvent } => s.event !== null);
  return {
    format: RECORDING_FORMAT,
    callSid: record.callSid,
    flowId: record.flowId,
    arrivalAt: new Date(record.arrivalSec * 1000).toISOString(),
    direction: record.direction,
    language: record.language,
    skill: record.direction === 'callback' ? record.skill : null,
    callType: record.callType,
    callerHash: record.callerHash,
    outcome: record.outcome,
    destination: journey.length > 0 ? summary.destination : null,
    ivrSec: journey.length > 0 ? roundSec(summary.ivrSec) : null,
    queueWaitSec: record.queueEntrySec !== null && waitEnd !== null ? roundSec(waitEnd - record.queueEntrySec) : null,
    handleSec: record.handleSec,
    rating: record.rating,
    endedBy: journeyFacts(journey).endedBy,
    durationSec: roundSec(Math.max(0, endSec - record.arrivalSec)),
    audio: audio ? { file: audio.file, offsetSec: roundSec(offsetSec) } : null,
    journey: roundedJourney(journey),
    transcripts: events.flatMap((s) => (s.event.type === 'SPEECH' && s.endSec !== null
      ? [{ startSec: roundSec(Math.max(s.atSec, s.endSec - UTTERANCE_SEC)), endSec: roundSec(s.endSec), text: s.event.text, ...(s.event.confidence === undefined ? {} : { confidence: s.event.confidence }) }]
      : [])),
    dtmf: audio ? audio.dtmf.map((d) => ({ digit: d.digit, atSec: roundSec(d.atSec + offsetSec) })) : [],
    messages: events.flatMap((s) => (s.event.type === 'RECORDED' ? [{ recordingSid: null, url: s.event.url ?? null, durationSec: s.event.durationSec, atSec: roundSec(s.atSec) }] : [])),
    complete: final,
  };
}
