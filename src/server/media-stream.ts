import type { FastifyInstance, FastifyRequest } from 'fastify';
import type {} from '@fastify/websocket';
import twilio from 'twilio';
import type { WebSocket } from 'ws';
import { detectDtmf, type DtmfDetection } from '../audio/dtmf-detector.js';
import { muLawBytesToWav, readWav } from '../audio/pcm.js';
import type { RecordingSink } from './recording-sink.js';

/** Where and how Media Streams are captured. */
export interface MediaStreamOptions {
  /** Writes each stream's WAV and the call's metadata (hotline-recording/1) to the recordings folder. */
  readonly sink: RecordingSink;
  /** Public base URL (https://…); the upgrade is signed over its wss:// form. Null: the request's own Host (local mode). */
  readonly publicUrl: string | null;
  readonly authToken: string;
  readonly skipSignature: boolean;
  /** Milliseconds since the epoch (when a stream started). */
  readonly clock: () => number;
  /** Told about keys detected in-band while the stream runs. */
  readonly onLiveDigit?: (callSid: string, digit: DtmfDetection) => void;
}

/** Mu-law silence. */
const SILENCE = 0xff;
const BYTES_PER_MS = 8;
/** Live detection looks at the last seconds of audio once a second. */
const LIVE_WINDOW_SEC = 3;

interface StreamState {
  streamSid: string;
  callSid: string;
  customParameters: Record<string, string>;
  startedMs: number;
  chunks: Uint8Array[];
  bytes: number;
  dtmfEvents: { digit: string; atSec: number }[];
  liveDigits: DtmfDetection[];
  nextLiveCheck: number;
}

function wssUrl(request: FastifyRequest, publicUrl: string | null): string {
  const base = publicUrl ? publicUrl.replace(/^http/, 'ws') : `ws://${request.headers.host ?? ''}`;
  return base.replace(/\/+$/, '') + request.url;
}

/**
 * The Twilio Media Streams endpoint (`GET /media`, WebSocket): takes the
 * `connected`/`start`/`media`/`dtmf`/`stop` messages of a `<Stream>`, keeps
 * the inbound audio in order (gaps in the timestamps become silence), detects
 * keys in-band while the call runs, and on `stop` hands the caller's audio
 * (8 kHz mu-law WAV) to the recording sink, which writes it with the call's
 * metadata (hotline-recording/1; no phone number: the caller hash comes from
 * the call's record).
 */
export async function registerMediaStreams(app: FastifyInstance, options: MediaStreamOptions): Promise<void> {
  app.get('/media', {
    websocket: true,
    preValidation: async (request, reply) => {
      if (options.skipSignature) return;
      const signature = request.headers['x-twilio-signature'];
      if (typeof signature !== 'string' || !twilio.validateRequest(options.authToken, signature, wssUrl(request, options.publicUrl), {})) {
        await reply.code(403).send({ error: { code: 'HOTLINE_SIGNATURE_INVALID', message: `GET /media: the WebSocket upgrade needs an X-Twilio-Signature over ${wssUrl(request, options.publicUrl)}.` } });
      }
    },
  }, (socket: WebSocket) => {
    let state: StreamState | undefined;
    const finish = () => {
      if (!state) return;
      const done = state;
      state = undefined;
      options.sink.streaming.delete(done.callSid);
      void writeRecording(done, options).catch((error: Error) => process.emitWarning(`hotline: recording ${done.callSid} could not be written: ${error.message}`));
    };
    socket.on('message', (raw: Buffer) => {
      let message: { event?: string; start?: { streamSid?: string; callSid?: string; customParameters?: Record<string, string> }; streamSid?: string; media?: { track?: string; timestamp?: string; payload?: string }; dtmf?: { digit?: string } };
      try {
        message = JSON.parse(raw.toString('utf8')) as typeof message;
      } catch {
        socket.send(JSON.stringify({ event: 'error', message: 'not JSON: Media Streams messages are JSON objects' }));
        return;
      }
      switch (message.event) {
        case 'start':
          state = {
            streamSid: message.start?.streamSid ?? message.streamSid ?? 'MZunknown',
            callSid: message.start?.callSid ?? 'CAunknown',
            customParameters: message.start?.customParameters ?? {},
            startedMs: options.clock(),
            chunks: [],
            bytes: 0,
            dtmfEvents: [],
            liveDigits: [],
            nextLiveCheck: 8000,
          };
          options.sink.streaming.add(state.callSid);
          break;
        case 'media': {
          if (!state || (message.media?.track ?? 'inbound') !== 'inbound' || !message.media?.payload) break;
          const payload = Buffer.from(message.media.payload, 'base64');
          const at = Number(message.media.timestamp ?? NaN) * BYTES_PER_MS;
          if (Number.isFinite(at) && at > state.bytes) {
            // A gap in the timestamps: the caller's side was silent or frames were lost.
            state.chunks.push(new Uint8Array(at - state.bytes).fill(SILENCE));
            state.bytes = at;
          }
          state.chunks.push(payload);
          state.bytes += payload.length;
          if (state.bytes >= state.nextLiveCheck) {
            state.nextLiveCheck += 8000;
            liveDetect(state, options);
          }
          break;
        }
        case 'dtmf':
          if (state && message.dtmf?.digit) state.dtmfEvents.push({ digit: message.dtmf.digit, atSec: state.bytes / 8000 });
          break;
        case 'stop':
          finish();
          break;
        default:
          break;
      }
    });
    socket.on('close', finish);
  });
}

/** The last `bytes` of the stream's audio (all of it by default), copied from its chunks. */
function tail(state: StreamState, bytes = state.bytes): Uint8Array {
  const out = new Uint8Array(Math.min(bytes, state.bytes));
  let at = out.length;
  for (let i = state.chunks.length - 1; i >= 0 && at > 0; i -= 1) {
    const chunk = state.chunks[i]!;
    const take = Math.min(chunk.length, at);
    out.set(chunk.subarray(chunk.length - take), at - take);
    at -= take;
  }
  return out;
}

/** Looks for keys in the last seconds only: a call's whole audio is never copied while it runs. */
function liveDetect(state: StreamState, options: MediaStreamOptions): void {
  const window = tail(state, LIVE_WINDOW_SEC * 8000);
  const samples = readWav(muLawBytesToWav(window), 'live').samples;
  const offsetSec = (state.bytes - window.length) / 8000;
  const lastEnd = state.liveDigits.at(-1)?.endSec ?? -1;
  for (const d of detectDtmf(samples)) {
    const digit = { digit: d.digit, startSec: d.startSec + offsetSec, endSec: d.endSec + offsetSec };
    // A key still sounding at the window's end is reported when it is complete, in a later window.
    if (digit.startSec > lastEnd + 0.03 && d.endSec < samples.length / 8000 - 0.05) {
      state.liveDigits.push(digit);
      options.onLiveDigit?.(state.callSid, digit);
    }
  }
}

async function writeRecording(state: StreamState, options: MediaStreamOptions): Promise<void> {
  const audio = tail(state);
  const name = `${state.callSid}-${state.streamSid}`.replace(/[^A-Za-z0-9_-]/g, '_');
  await options.sink.streamEnded({ callSid: state.callSid, file: `${name}.wav`, startedMs: state.startedMs, durationSec: audio.length / 8000, dtmf: state.dtmfEvents }, muLawBytesToWav(audio));
}
