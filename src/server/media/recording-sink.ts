import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { CallEvent } from '../../flow/call-event.js';
import type { CallRecord } from '../../record/call-record.js';
import { journeyFacts, summariseJourney } from '../../record/journey-summary.js';
import {
  RECORDING_FORMAT,
  roundedJourney,
  roundSec,
  type JourneyStep,
  type RecordingMetadataInput,
} from '../../record/recording-metadata.js';
import type { CallSession, CallStore } from '../../store/call-store.js';
import { repairWav } from './growing-wav.js';
import { appendJournal, readJournal, type AudioCut } from './stream-journal.js';

/** A Media Stream of a call: its WAV file, when it began, and (once it ended) how much audio it holds. */
export interface StreamAudio {
  readonly callSid: string;
  /** The WAV's file name in the recordings folder. */
  readonly file: string;
  /** Milliseconds since the epoch when the stream started. */
  readonly startedMs: number;
  readonly durationSec: number;
  /** Keys Twilio reported out of band, seconds since the stream started. */
  readonly dtmf: readonly { digit: string; atSec: number }[];
  /** Why the audio stops before the call did; null when the stream ran to its `stop` (or is still running). */
  readonly truncated: AudioCut | null;
}

/** Seconds before the recognised end of an utterance that it is taken to have begun (the server hears only the result). */
const UTTERANCE_SEC = 2;
/** How long a stream may stay open after its call's final record arrived (Twilio sends `stop` as the call ends). */
const CLOSE_AFTER_CALL_END_MS = 5000;

/**
 * Writes each recorded call's metadata (hotline-recording/1) beside its WAV.
 * The audio (the stream's end) and the call's final record (the status
 * callback) arrive in either order, so both write what is known at the time:
 * a stream gets metadata from the live session when it starts and when it
 * ends (`complete: false`), rewritten from the final record when the call
 * ends. Each stream keeps a journal (stream-journal.ts) until then, so a
 * restart loses nothing: `open` repairs the WAVs of streams a crash cut
 * (their audio marked `truncated: server-stopped`) and the final record, when
 * it comes, completes their metadata. Calls that leave a message (`<Record>`)
 * without a stream get metadata too, with no audio: Twilio keeps the message
 * at its RecordingUrl.
 */
export class RecordingSink {
  /** Streams that ended (or were recovered) whose call has not ended yet: bounded by calls in progress. */
  private readonly audio = new Map<string, StreamAudio>();
  private readonly ended = new Map<string, { record: CallRecord; journey: readonly JourneyStep[] }>();
  /** Calls with a stream open (or being checked), and how to close that stream (with why its audio stops early, if it does). */
  readonly streaming = new Map<string, (reason: string, cut: AudioCut | null) => void>();
  /** Metadata writes of ended streams still under way: a shutdown waits for them before the store closes. */
  private readonly writing = new Set<Promise<void>>();
  private stopping = false;

  private constructor(
    private readonly dir: string,
    private readonly store: CallStore,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** Opens the recordings folder: creates it, and recovers the streams a stopped or crashed server left unfinished. */
  static async open(dir: string, store: CallStore, log: FastifyBaseLogger): Promise<RecordingSink> {
    mkdirSync(dir, { recursive: true });
    const sink = new RecordingSink(dir, store, log);
    for (const name of readdirSync(dir)
      .filter((f) => f.endsWith('.stream'))
      .sort()) {
      try {
        await sink.recover(name);
      } catch (error) {
        log.error(
          { file: name, err: error },
          'recordings: a stream journal could not be recovered; its files are left as they are',
        );
      }
    }
    return sink;
  }

  /** The folder recordings go to. */
  get folder(): string {
    return this.dir;
  }

  /**
   * Reserves the call for a new stream, synchronously (two streams racing for
   * one call cannot both win). False when the call has a stream open, or a
   * recording already (ended, recovered, or on disk).
   */
  claim(callSid: string): boolean {
    if (this.stopping || this.streaming.has(callSid) || this.audio.has(callSid) || existsSync(this.journal(callSid)))
      return false;
    this.streaming.set(callSid, () => {});
    return true;
  }

  /** Gives up a claim whose stream was refused or never started. */
  release(callSid: string): void {
    this.streaming.delete(callSid);
  }

  /** True once `shutdown` began: no new stream is accepted. */
  get shuttingDown(): boolean {
    return this.stopping;
  }

  /**
   * A graceful shutdown: refuses new streams, ends every open one with its
   * audio marked `server-shutdown` (WAV finished, journal and metadata
   * written), and resolves once their metadata is on disk. The journals stay
   * until the calls' final records arrive, after a restart if need be.
   */
  async shutdown(): Promise<void> {
    this.stopping = true;
    for (const [callSid, close] of [...this.streaming]) {
      try {
        close('the server is shutting down', 'server-shutdown');
      } catch (error) {
        this.log.error({ callSid, err: error }, 'media stream: closing a stream for the shutdown failed');
      }
    }
    while (this.writing.size > 0) await Promise.allSettled([...this.writing]);
  }

  /** A stream was accepted: starts its journal and writes the metadata known now (`complete: false`). */
  streamStarted(audio: StreamAudio, session: CallSession, close: (reason: string, cut: AudioCut | null) => void): void {
    this.streaming.set(audio.callSid, close);
    appendJournal(this.journal(audio.callSid), {
      start: { callSid: audio.callSid, file: audio.file, startedMs: audio.startedMs },
    });
    this.writeMetadata(session.record, session.journey, audio, { final: false });
  }

  /** Notes an out-of-band key in the stream's journal. */
  streamDtmf(callSid: string, event: { digit: string; atSec: number }): void {
    appendJournal(this.journal(callSid), { dtmf: event });
  }

  /** A stream ended (its WAV is complete on disk): writes the metadata known so far. */
  streamEnded(audio: StreamAudio): Promise<void> {
    const writing = this.recordEnd(audio);
    this.writing.add(writing);
    const done = (): void => {
      this.writing.delete(writing);
    };
    writing.then(done, done);
    return writing;
  }

  private async recordEnd(audio: StreamAudio): Promise<void> {
    this.streaming.delete(audio.callSid);
    appendJournal(this.journal(audio.callSid), {
      stopped: { durationSec: audio.durationSec, truncated: audio.truncated },
    });
    this.audio.set(audio.callSid, audio);
    const done = this.ended.get(audio.callSid);
    if (done) {
      this.write(audio.callSid, done.record, done.journey, { final: true });
      return;
    }
    const session = await this.store.getSession(audio.callSid);
    const record = session?.record ?? (await this.store.getRecord(audio.callSid));
    // The call may have ended (and its metadata been completed) while the store answered.
    if (record && this.audio.has(audio.callSid))
      this.write(audio.callSid, record, session?.journey ?? [], { final: session === undefined });
  }

  /** The call's final record and journey: (re)writes its metadata if it has audio or left a message. */
  callEnded(record: CallRecord, journey: readonly JourneyStep[]): void {
    const hasMessage = journey.some((s) => s.event?.type === 'RECORDED');
    if (!this.audio.has(record.callSid) && !hasMessage) {
      const close = this.streaming.get(record.callSid);
      if (close) {
        // A stream may still be closing: keep the facts until it does (bounded by calls still streaming).
        this.ended.set(record.callSid, { record, journey });
        const timer = setTimeout(() => {
          try {
            close('the call ended', null);
          } catch (error) {
            this.log.error(
              { callSid: record.callSid, err: error },
              'media stream: closing the stream of an ended call failed',
            );
          }
        }, CLOSE_AFTER_CALL_END_MS);
        timer.unref();
      }
      return;
    }
    this.write(record.callSid, record, journey, { final: true });
  }

  private journal(callSid: string): string {
    return join(this.dir, `${callSid}.stream`);
  }

  /** Brings one journal's stream up to date after a restart. */
  private async recover(name: string): Promise<void> {
    const state = readJournal(join(this.dir, name));
    if (!state || `${state.callSid}.stream` !== name) {
      this.log.warn({ file: name }, 'recordings: unreadable stream journal left as it is');
      return;
    }
    let audio: StreamAudio = {
      callSid: state.callSid,
      file: state.file,
      startedMs: state.startedMs,
      dtmf: state.dtmf,
      durationSec: 0,
      truncated: null,
    };
    if (state.stopped) audio = { ...audio, ...state.stopped };
    else {
      // Cut by a crash: the WAV holds what reached the disk.
      audio = { ...audio, durationSec: repairWav(join(this.dir, state.file)) / 8000, truncated: 'server-stopped' };
      appendJournal(join(this.dir, name), { stopped: { durationSec: audio.durationSec, truncated: audio.truncated } });
    }
    this.audio.set(audio.callSid, audio);
    const session = await this.store.getSession(audio.callSid);
    const record = session?.record ?? (await this.store.getRecord(audio.callSid));
    if (record) this.write(audio.callSid, record, session?.journey ?? [], { final: session === undefined });
    this.log.info(
      {
        callSid: audio.callSid,
        file: audio.file,
        durationSec: audio.durationSec,
        truncated: audio.truncated,
        callEnded: session === undefined && record !== undefined,
      },
      'recordings: recovered a stream left by the previous run',
    );
  }

  private write(callSid: string, record: CallRecord, journey: readonly JourneyStep[], { final }: MetadataState): void {
    const audio = this.audio.get(callSid) ?? null;
    this.writeMetadata(record, journey, audio, { final });
    if (final) {
      this.audio.delete(callSid);
      this.ended.delete(callSid);
      rmSync(this.journal(callSid), { force: true });
    }
  }

  private writeMetadata(
    record: CallRecord,
    journey: readonly JourneyStep[],
    audio: StreamAudio | null,
    state: MetadataState,
  ): void {
    const metadata = recordingMetadata(record, journey, audio, state);
    const name = audio ? audio.file.replace(/\.wav$/, '') : `${record.callSid}-message`;
    atomicWrite(join(this.dir, `${name}.json`), `${JSON.stringify(metadata, null, 2)}\n`);
  }
}

function atomicWrite(path: string, data: Uint8Array | string): void {
  writeFileSync(`${path}.tmp`, data);
  renameSync(`${path}.tmp`, path);
}

/** Whether a recording's metadata is final: written from the call's final record (`complete`), or from a live call's session. */
export interface MetadataState {
  readonly final: boolean;
}

/** The metadata of a live call, from its record and journey (call times: seconds since the call was answered). */
export function recordingMetadata(
  record: CallRecord,
  journey: readonly JourneyStep[],
  audio: StreamAudio | null,
  { final }: MetadataState,
): RecordingMetadataInput {
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
    // Written at the call's end, before the agent's wrap-up ends: the caller's side of the line holds the talk,
    // which is what live recordings have always carried here.
    handleSec: record.talkSec,
    rating: record.rating,
    endedBy: journeyFacts(journey).endedBy,
    durationSec: roundSec(Math.max(0, endSec - record.arrivalSec)),
    audio: audio ? { file: audio.file, offsetSec: roundSec(offsetSec), truncated: audio.truncated } : null,
    journey: roundedJourney(journey),
    transcripts: events.flatMap((s) =>
      s.event.type === 'SPEECH' && s.endSec !== null
        ? [
            {
              startSec: roundSec(Math.max(s.atSec, s.endSec - UTTERANCE_SEC)),
              endSec: roundSec(s.endSec),
              text: s.event.text,
              ...(s.event.confidence === undefined ? {} : { confidence: s.event.confidence }),
            },
          ]
        : [],
    ),
    dtmf: audio ? audio.dtmf.map((d) => ({ digit: d.digit, atSec: roundSec(d.atSec + offsetSec) })) : [],
    messages: events.flatMap((s) =>
      s.event.type === 'RECORDED'
        ? [{ recordingSid: null, url: s.event.url ?? null, durationSec: s.event.durationSec, atSec: roundSec(s.atSec) }]
        : [],
    ),
    complete: final,
  };
}
