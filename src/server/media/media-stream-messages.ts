import { z } from 'zod';
import { schemaPathText } from '../../schema-path.js';

/** A CallSid as the webhooks accept it (also safe in a file name). */
export const CALL_SID = /^CA[0-9A-Za-z]{1,64}$/;
const STREAM_SID = /^MZ[0-9A-Za-z]{1,64}$/;

const streamSid = z.string().regex(STREAM_SID, 'a StreamSid (MZ…)');
/** Twilio sends counters as decimal strings ("1", "2", …). */
const counter = z
  .string()
  .regex(/^[0-9]{1,12}$/, 'a decimal string')
  .optional();

/*
 * Objects are not strict: Twilio adds fields from time to time, so unknown
 * fields are dropped; the known ones must have the documented type. Events are
 * a closed list: an unknown event is refused, as its meaning cannot be known.
 */
const connected = z.object({
  event: z.literal('connected'),
  protocol: z.string().max(64).optional(),
  version: z.string().max(64).optional(),
});

const start = z.object({
  event: z.literal('start'),
  sequenceNumber: counter,
  streamSid,
  start: z.object({
    streamSid,
    accountSid: z
      .string()
      .regex(/^AC[0-9A-Za-z]{1,64}$/, 'an AccountSid (AC…)')
      .optional(),
    callSid: z.string().regex(CALL_SID, 'a CallSid (CA…)'),
    tracks: z
      .array(z.enum(['inbound', 'outbound']))
      .max(2)
      .optional(),
    customParameters: z
      .record(z.string().max(256), z.string().max(1024))
      .refine((p) => Object.keys(p).length <= 32, 'at most 32 parameters')
      .optional(),
    // Recordings are written as 8 kHz mu-law: any other format would make a wrong WAV. Twilio documents these values as
    // the only ones, so a start without the field is taken to mean them.
    mediaFormat: z
      .object({ encoding: z.literal('audio/x-mulaw'), sampleRate: z.literal(8000), channels: z.literal(1) })
      .optional(),
  }),
});

const media = z.object({
  event: z.literal('media'),
  sequenceNumber: counter,
  streamSid,
  media: z.object({
    track: z.enum(['inbound', 'outbound']),
    chunk: counter,
    /** Milliseconds since the stream started, as a decimal string. */
    timestamp: z.string().regex(/^[0-9]{1,12}$/, 'milliseconds as a decimal string'),
    payload: z.base64(),
  }),
});

const dtmf = z.object({
  event: z.literal('dtmf'),
  sequenceNumber: counter,
  streamSid,
  dtmf: z.object({
    track: z.string().max(32).optional(),
    digit: z.string().regex(/^[0-9*#A-D]$/, 'one key: 0-9, *, #, A-D'),
  }),
});

const stop = z.object({
  event: z.literal('stop'),
  sequenceNumber: counter,
  streamSid,
  stop: z
    .object({
      accountSid: z.string().max(80).optional(),
      callSid: z.string().regex(CALL_SID, 'a CallSid (CA…)').optional(),
    })
    .optional(),
});

const mark = z.object({
  event: z.literal('mark'),
  sequenceNumber: counter,
  streamSid,
  mark: z.object({ name: z.string().max(256) }),
});

/** Every message Twilio sends on a Media Stream (docs: "Media Streams WebSocket messages"). */
export const mediaStreamMessageSchema = z.discriminatedUnion('event', [connected, start, media, dtmf, stop, mark]);

/** A validated Media Streams message. */
export type MediaStreamMessage = z.infer<typeof mediaStreamMessageSchema>;

/** A message, or why it is not one (short: it goes into a WebSocket close reason and the log). */
export type ParsedMessage =
  | { readonly ok: true; readonly message: MediaStreamMessage }
  | { readonly ok: false; readonly reason: string };

/**
 * Parses one WebSocket text message. Never throws: anything that is not a
 * well-formed Twilio message comes back with the first problem found.
 */
export function parseMediaStreamMessage(raw: Buffer): ParsedMessage {
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  const parsed = mediaStreamMessageSchema.safeParse(json);
  if (parsed.success) return { ok: true, message: parsed.data };
  const issue = parsed.error.issues[0];
  // A path may hold a name the sender chose (a customParameters key): only short plain names are shown.
  const where = issue
    ? schemaPathText(
        issue.path.map((key) =>
          typeof key === 'string' && !/^[A-Za-z_][A-Za-z0-9_]{0,31}$/.test(key) ? '[name]' : key,
        ),
      ) || 'message'
    : 'message';
  // The received value is never echoed: it could be anything, of any length.
  return { ok: false, reason: `${where}: ${issue?.message ?? 'invalid'}`.slice(0, 90) };
}
