import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import websocket from '@fastify/websocket';
import twilio from 'twilio';
import type { WebSocket } from 'ws';
import type { DtmfDetection } from '../../audio/dtmf-detector.js';
import type { CallStore } from '../../store/call-store.js';
import { serveMediaSocket, type PendingSockets } from '../media/media-socket.js';
import type { RecordingSink } from '../media/recording-sink.js';

/** Where and how Media Streams are captured. */
export interface MediaStreamOptions {
  /** Writes each stream's WAV and the call's metadata (hotline-recording/1) to the recordings folder. */
  readonly sink: RecordingSink;
  /** Where live calls are looked up: a stream is accepted only for a call in progress. */
  readonly store: CallStore;
  /** Public base URL (https://…); the upgrade is signed over its wss:// form. Null: the request's own Host (local mode). */
  readonly publicUrl: string | null;
  readonly authToken: string;
  readonly skipSignature: boolean;
  /** Milliseconds since the epoch (when a stream started; how much audio it may have carried). */
  readonly clock: () => number;
  /** Told about keys detected in-band while the stream runs. */
  readonly onLiveDigit?: (callSid: string, digit: DtmfDetection) => void;
}

/**
 * Largest WebSocket message accepted (ws closes the connection with 1009
 * beyond it). Twilio's frames are 20 ms: 160 bytes of audio, about 300 bytes
 * of JSON; a `start` with its parameters is a few KB. 64 KiB leaves room for
 * frames of several seconds while bounding what one message makes the server
 * parse and decode.
 */
export const MEDIA_MAX_PAYLOAD_BYTES = 64 * 1024;

function wssUrl(request: FastifyRequest, publicUrl: string | null): string {
  const base = publicUrl ? publicUrl.replace(/^http/, 'ws') : `ws://${request.headers.host ?? ''}`;
  return base.replace(/\/+$/, '') + request.url;
}

/**
 * The Twilio Media Streams endpoint (`GET /media`, WebSocket): the upgrade
 * must carry Twilio's signature over its wss:// URL; each socket is then
 * served by serveMediaSocket (media/media-socket.ts). Registers
 * @fastify/websocket itself, with the message size bound.
 */
export const mediaRoutes: FastifyPluginAsync<MediaStreamOptions> = async (app, options) => {
  await app.register(websocket, { options: { maxPayload: MEDIA_MAX_PAYLOAD_BYTES } });
  const pending: PendingSockets = { count: 0 };
  app.get(
    '/media',
    {
      websocket: true,
      preValidation: async (request, reply) => {
        if (options.skipSignature) return;
        const signature = request.headers['x-twilio-signature'];
        if (
          typeof signature !== 'string' ||
          !twilio.validateRequest(options.authToken, signature, wssUrl(request, options.publicUrl), {})
        ) {
          await reply.code(403).send({
            error: {
              code: 'HOTLINE_SIGNATURE_INVALID',
              message: `GET /media: the WebSocket upgrade needs an X-Twilio-Signature over ${wssUrl(request, options.publicUrl)}.`,
            },
          });
        }
      },
    },
    (socket: WebSocket, request: FastifyRequest) => {
      serveMediaSocket(socket, {
        sink: options.sink,
        store: options.store,
        clock: options.clock,
        log: request.log,
        pending,
        ...(options.onLiveDigit ? { onLiveDigit: options.onLiveDigit } : {}),
      });
    },
  );
};
