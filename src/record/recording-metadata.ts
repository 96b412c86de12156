import { z } from 'zod';
import { HotlineError } from '../errors.js';
import { schemaPathText } from '../schema-path.js';
import type { CallEvent } from '../flow/call-event.js';
import { CALL_OUTCOMES } from './call-record.js';

/** The format tag every metadata file carries; bumped when the shape changes incompatibly. */
export const RECORDING_FORMAT = 'hotline-recording/1';

const seconds = z.number().min(0);

/**
 * True for a plain file name: no folder part (`/`, `\\`), not `.` or `..`, no
 * control characters. A recording's WAV is beside its metadata; a name that
 * could reach outside the folder (`../../etc/x`, `/etc/x`) is refused, so a
 * metadata file from elsewhere cannot make replay or analyze read another file.
 */
function isPlainFileName(name: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: a file name with control characters is refused
  return name !== '.' && name !== '..' && !/[/\\\u0000-\u001f\u007f]/.test(name);
}

/** A flow event as the call received it (the CallEvent union, checked loosely: `type` plus its fields). */
const callEventSchema = z
  .object({
    type: z.enum([
      'DIGITS',
      'SPEECH',
      'NO_INPUT',
      'PLAYED',
      'HANGUP',
      'QUEUE_RESULT',
      'AGENT_ANSWERED',
      'AGENT_FINISHED',
      'CALLBACK_REQUESTED',
      'TRANSFER_ENDED',
      'RECORDED',
      'LOOKUP_RESULT',
    ]),
  })
  .passthrough();

/** One step of the call's way through its flow: the state, when it was entered, and the event that ended it. */
const journeyStepSchema = z
  .object({
    state: z.string().min(1),
    kind: z.enum(['announce', 'gather', 'enqueue', 'agent', 'transfer', 'record', 'lookup', 'hangup', 'final']),
    atSec: seconds,
    /** Where the step sends the caller: the skill of a queue, the number of a transfer. */
    to: z.string().min(1).optional(),
    /** When the step ended; null for the last step of a call still open. */
    endSec: seconds.nullable(),
    /** The event that ended the step; null for the call's last step. */
    event: callEventSchema.nullable(),
  })
  .strict();

/** What the caller said at a listening prompt, as speech recognition heard it (Twilio's SpeechResult). */
const transcriptSchema = z
  .object({
    startSec: seconds,
    endSec: seconds,
    text: z.string(),
    confidence: z.number().min(0).max(1).optional(),
  })
  .strict();

/**
 * The metadata beside each recording (`NAME.json` next to `NAME.wav`). Times
 * in `journey`, `transcripts` and `dtmf` are seconds since the call was
 * answered ("call time"); the audio starts at `audio.offsetSec` of call time
 * (a flow may start the stream after its recording notice). The caller's
 * number is never stored: `callerHash` is the salted hash of the call record.
 */
export const recordingMetadataSchema = z
  .object({
    format: z.literal(RECORDING_FORMAT),
    callSid: z.string().min(1),
    flowId: z.string().min(1),
    /** Wall-clock arrival, ISO 8601 with zone (e.g. 2026-11-02T09:14:03+08:00). */
    arrivalAt: z.iso.datetime({ offset: true }),
    direction: z.enum(['inbound', 'callback']).default('inbound'),
    /** Language and skill a callback leg starts with (ignored for inbound calls). */
    language: z.string().min(1).default('cmn-CN'),
    skill: z.string().min(1).nullable().default(null),
    callType: z.string().min(1).nullable().default(null),
    callerHash: z
      .string()
      .regex(/^[0-9a-f]{16,64}$/, 'a hex hash (never a phone number)')
      .nullable(),
    outcome: z.enum(CALL_OUTCOMES).nullable(),
    /** Where the IVR sent the caller: `queue:SKILL`, `transfer:NUMBER`, `voicemail`, `end:STATE` or `hangup:STATE`. */
    destination: z.string().min(1).nullable(),
    /** Seconds from answer until the caller left the IVR. */
    ivrSec: seconds.nullable(),
    queueWaitSec: seconds.nullable(),
    handleSec: seconds.nullable(),
    rating: z.number().int().min(1).max(5).nullable(),
    /** Who ended the call. */
    endedBy: z.enum(['caller', 'flow']),
    durationSec: seconds,
    /** The caller's audio; null for a call that left a message but streamed no audio. */
    audio: z
      .object({
        /** The WAV's file name, beside this file: a plain name, no folder part. */
        file: z
          .string()
          .min(1)
          .max(255)
          .refine(
            isPlainFileName,
            'a plain file name in the recording\'s own folder (no "/", "\\", ".." or control characters); the WAV must lie beside its metadata',
          ),
        /** Call time at which the audio starts. */
        offsetSec: seconds.default(0),
        /**
         * Why the audio stops before the call did, or null: `server-shutdown`
         * (the server was shut down with SIGTERM/SIGINT mid-stream; the audio is
         * everything received until then), `server-stopped` (the server was killed
         * or crashed mid-stream; the audio is what reached the disk, up to the last
         * second may be missing), `connection-lost` (the WebSocket closed without
         * `stop`), `size-cap` (the stream passed its byte cap), `bad-message` (a
         * malformed message ended the stream). The call facts of a `complete` file
         * are final either way.
         */
        truncated: z
          .enum(['server-shutdown', 'server-stopped', 'connection-lost', 'size-cap', 'bad-message'])
          .nullable()
          .default(null),
      })
      .strict()
      .nullable(),
    /** False when written while the call was still open (the stream ended first); rewritten when it ends. */
    complete: z.boolean().default(true),
    journey: z.array(journeyStepSchema),
    transcripts: z.array(transcriptSchema).default([]),
    /** Keys Twilio reported out of band (Media Streams `dtmf` messages), call time; merged with the keys heard in the audio. */
    dtmf: z.array(z.object({ digit: z.string().regex(/^[0-9*#A-D]$/), atSec: seconds }).strict()).default([]),
    /** Messages the caller left (`<Record>`): where Twilio keeps the audio, and how long it is. */
    messages: z
      .array(
        z
          .object({
            recordingSid: z.string().nullable(),
            url: z.string().nullable(),
            durationSec: seconds,
            atSec: seconds,
          })
          .strict(),
      )
      .default([]),
  })
  .strict();

/** One step of a call's journey. */
export type JourneyStep = Omit<z.infer<typeof journeyStepSchema>, 'event'> & { readonly event: CallEvent | null };
/** A recording's metadata, validated. */
export type RecordingMetadata = Omit<z.infer<typeof recordingMetadataSchema>, 'journey'> & {
  readonly journey: readonly JourneyStep[];
};
/** A recording's metadata as written (defaults may be omitted). */
export type RecordingMetadataInput = Omit<z.input<typeof recordingMetadataSchema>, 'journey'> & {
  readonly journey: readonly JourneyStep[];
};

/** Seconds as the metadata keeps them: to the millisecond. */
export function roundSec(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** A journey with its times to the millisecond, as written to metadata. */
export function roundedJourney(journey: readonly JourneyStep[]): JourneyStep[] {
  return journey.map((s) => ({
    ...s,
    atSec: roundSec(s.atSec),
    endSec: s.endSec === null ? null : roundSec(s.endSec),
  }));
}

/** Validates parsed metadata; errors name the file and the field. */
export function parseRecordingMetadata(json: unknown, file: string): RecordingMetadata {
  const parsed = recordingMetadataSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .slice(0, 5)
      .map((issue) => `${file}: ${schemaPathText(issue.path) || '(top level)'}: ${issue.message}`);
    throw new HotlineError(
      'HOTLINE_RECORDING_INVALID',
      `${problems.join('\n')}\n(recording metadata is ${RECORDING_FORMAT}; see README "Recordings")`,
    );
  }
  return parsed.data as RecordingMetadata;
}
