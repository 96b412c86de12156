import { join } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { WebSocket } from 'ws';
import type { DtmfDetection } from '../../audio/dtmf-detector.js';
import type { ErrorCode } from '../../errors.js';
import type { CallStore } from '../../store/call-store.js';
import { parseMediaStreamMessage, type MediaStreamMessage } from './media-stream-messages.js';
import type { RecordingSink } from './recording-sink.js';
import { StreamCapture } from './stream-capture.js';
import type { AudioCut } from './stream-journal.js';

/** Sockets that have not started a stream yet, counted across the server (one counter per media route). */
export interface PendingSockets {
  count: number;
}

/** What one Media Streams socket is served with. */
export interface MediaSocketOptions {
  /** Writes each stream's WAV and the call's metadata (hotline-recording/1) to the recordings folder. */
  readonly sink: RecordingSink;
  /** Where live calls are looked up: a stream is accepted only for a call in progress. */
  readonly store: CallStore;
  /** Milliseconds since the epoch (when a stream started; how much audio it may have carried). */
  readonly clock: () => number;
  /** Told about keys detected in-band while the stream runs. */
  readonly onLiveDigit?: (callSid: string, digit: DtmfDetection) => void;
  /** The request's log. */
  readonly log: FastifyBaseLogger;
  /** The sockets still waiting for their `start`; over MAX_PENDING_SOCKETS a new one is turned away. */
  readonly pending: PendingSockets;
}

/** A socket that has not sent a valid `start` by then is closed. */
const START_TIMEOUT_MS = 10_000;
/** Sockets that have not started a stream yet, at most: idle upgrades cannot pile up. */
const MAX_PENDING_SOCKETS = 256;
/** Bytes of messages held while a `start` is checked against the store (Twilio sends media right after it). */
const MAX_QUEUED_BYTES = 256 * 1024;
/** WebSocket close codes: normal, going away (the server stops), policy violation, try again later (RFC 6455 §7.4.1). */
const CLOSE_NORMAL = 1000;
const CLOSE_GOING_AWAY = 1001;
const CLOSE_POLICY = 1008;
const CLOSE_TRY_LATER = 1013;

/** Runs `fn`, logging instead of throwing: nothing a stream does may reach the event loop as an exception. */
function contained<A extends unknown[]>(
  log: FastifyBaseLogger,
  what: string,
  fn: (...args: A) => void,
): (...args: A) => void {
  return (...args: A) => {
    try {
      fn(...args);
    } catch (error) {
      log.error({ err: error }, `media stream: ${what} failed`);
    }
  };
}

/**
 * Serves one Media Streams WebSocket. Each message is validated
 * (media-stream-messages.ts); a stream is accepted only for a call the store
 * holds in progress that has no stream or recording yet; its audio goes to
 * disk as it arrives, capped by the call's possible length and the time that
 * passed (StreamCapture); keys are detected in-band while the call runs. A bad
 * message, a refused call or the cap ends that stream (close 1008 with the
 * error code and reason, logged), never the process.
 */
export function serveMediaSocket(socket: WebSocket, options: MediaSocketOptions): void {
  const { log, pending } = options;
  let phase: 'waiting' | 'checking' | 'open' | 'closed' = 'waiting';
  let callSid: string | null = null;
  let streamSid: string | null = null;
  let capture: StreamCapture | null = null;
  let startedMs = 0;
  const queued: { raw: Buffer; binary: boolean }[] = [];
  let queuedBytes = 0;
  pending.count += 1;
  let counted = true;
  const uncount = () => {
    if (counted) pending.count -= 1;
    counted = false;
  };

  /** Ends the stream: closes its audio, hands it to the sink, closes the socket (with the error code when refused). */
  const end = (error: { code: ErrorCode; reason: string } | null, cut: AudioCut | null) => {
    if (phase === 'closed') return;
    const wasChecking = phase === 'checking';
    phase = 'closed';
    clearTimeout(startTimer);
    uncount();
    queued.length = 0;
    if (capture && callSid) {
      const audio = capture.close();
      capture = null;
      const sid = callSid;
      options.sink
        .streamEnded({ callSid: sid, file: fileName(sid, streamSid!), startedMs, ...audio, truncated: cut })
        .catch((e: unknown) => log.error({ callSid: sid, err: e }, 'media stream: the recording could not be written'));
    } else if (wasChecking && callSid) options.sink.release(callSid);
    if (error) {
      log.warn({ code: error.code, callSid, streamSid, reason: error.reason }, 'media stream closed');
      closeSocket(socket, CLOSE_POLICY, `${error.code}: ${error.reason}`);
    } else if (socket.readyState === socket.OPEN) {
      if (cut === 'server-shutdown') closeSocket(socket, CLOSE_GOING_AWAY, 'server shutting down');
      else closeSocket(socket, CLOSE_NORMAL, 'stream stopped');
    }
  };
  const invalid = (reason: string) => end({ code: 'HOTLINE_STREAM_MESSAGE_INVALID', reason }, 'bad-message');

  const startTimer = setTimeout(
    contained(log, 'start timeout', () => {
      if (phase === 'waiting') invalid(`no start message within ${START_TIMEOUT_MS / 1000} s`);
    }),
    START_TIMEOUT_MS,
  );
  startTimer.unref();

  /** Accepts the stream only for a call in progress without a stream or recording. */
  const begin = async (message: Extract<MediaStreamMessage, { event: 'start' }>) => {
    const sid = message.start.callSid;
    if (options.sink.shuttingDown) {
      end({ code: 'HOTLINE_STREAM_REJECTED', reason: 'the server is shutting down' }, null);
      return;
    }
    if (!options.sink.claim(sid)) {
      end({ code: 'HOTLINE_STREAM_REJECTED', reason: `call ${sid} already has a stream or a recording` }, null);
      return;
    }
    callSid = sid;
    phase = 'checking';
    const session = await options.store.getSession(sid);
    if (phase !== 'checking') return; // the socket closed meanwhile (end released the claim)
    if (options.sink.shuttingDown) {
      end({ code: 'HOTLINE_STREAM_REJECTED', reason: 'the server is shutting down' }, null);
      return;
    }
    if (!session || session.record.endSec !== null) {
      end({ code: 'HOTLINE_STREAM_REJECTED', reason: `call ${sid} is not in progress` }, null);
      return;
    }
    startedMs = options.clock();
    capture = new StreamCapture(
      join(options.sink.folder, fileName(sid, streamSid!)),
      startedMs,
      options.clock,
      (digit) => options.onLiveDigit?.(sid, digit),
    );
    phase = 'open';
    options.sink.streamStarted(
      { callSid: sid, file: fileName(sid, streamSid!), startedMs, durationSec: 0, dtmf: [], truncated: null },
      session,
      (reason, cut) => {
        // Twilio sends `stop` as a call ends; a stream still open after its call did is closed (its audio is whole).
        // A shutdown closes it too, its audio marked as cut by the shutdown.
        log.info({ callSid: sid, streamSid, reason }, 'media stream closed by the server');
        end(null, cut);
      },
    );
    log.info({ callSid: sid, streamSid }, 'media stream started');
    for (const m of queued.splice(0)) handle(m);
  };

  /** One message: `binary` when the frame was binary (Media Streams messages are JSON text). */
  const handle = ({ raw, binary }: { raw: Buffer; binary: boolean }): void => {
    if (phase === 'closed') return;
    if (phase === 'checking') {
      queuedBytes += raw.length;
      if (queuedBytes > MAX_QUEUED_BYTES) invalid('too many messages before the stream was accepted');
      else queued.push({ raw, binary });
      return;
    }
    if (binary) return invalid('binary message (Media Streams messages are JSON text)');
    const parsed = parseMediaStreamMessage(raw);
    if (!parsed.ok) return invalid(parsed.reason);
    const message = parsed.message;
    if (message.event === 'connected') return;
    if (message.event === 'start') {
      if (phase !== 'waiting') return invalid('a second start message');
      if (message.streamSid !== message.start.streamSid) return invalid('streamSid differs from start.streamSid');
      streamSid = message.streamSid;
      uncount();
      begin(message).catch((e: unknown) => {
        log.error({ err: e, callSid }, 'media stream: starting the stream failed');
        end(
          { code: 'HOTLINE_INTERNAL', reason: 'the stream could not be started (see the server log)' },
          'server-stopped',
        );
      });
      return;
    }
    if (phase !== 'open' || !capture) return invalid(`${message.event} before start`);
    if (message.streamSid !== streamSid) return invalid(`${message.event} for another streamSid`);
    switch (message.event) {
      case 'media': {
        if (message.media.track !== 'inbound') return; // the caller's side is recorded
        if (!capture.media(Number(message.media.timestamp), Buffer.from(message.media.payload, 'base64'))) {
          end(
            {
              code: 'HOTLINE_STREAM_TOO_LONG',
              reason: `more audio than the stream's time allows (cap ${capture.capBytes()} bytes)`,
            },
            'size-cap',
          );
        }
        return;
      }
      case 'dtmf': {
        const event = capture.dtmf(message.dtmf.digit);
        if (!event) return invalid('too many dtmf messages');
        options.sink.streamDtmf(callSid!, event);
        return;
      }
      case 'stop':
        if (message.stop?.callSid !== undefined && message.stop.callSid !== callSid)
          return invalid('stop for another call');
        return end(null, null);
      case 'mark':
        return;
    }
  };

  socket.on(
    'message',
    contained(log, 'a message', (raw: Buffer, binary: boolean) => {
      try {
        handle({ raw, binary });
      } catch (error) {
        // A failing disk or a bug ends this stream; the audio so far is kept.
        end(
          { code: 'HOTLINE_INTERNAL', reason: 'the stream failed on the server (see the server log)' },
          'server-stopped',
        );
        throw error;
      }
    }),
  );
  socket.on(
    'close',
    contained(log, 'close', () => end(null, 'connection-lost')),
  );
  socket.on(
    'error',
    contained(log, 'socket error', (error: Error & { code?: string }) => {
      // ws's own protocol checks (a message over maxPayload, invalid UTF-8, a bad frame) are bad messages; anything else is the connection.
      if (error.code?.startsWith('WS_ERR_')) invalid(`${error.code}: ${error.message}`);
      else {
        log.warn({ callSid, err: error.message }, 'media stream: socket error');
        end(null, 'connection-lost');
      }
    }),
  );
  if (pending.count > MAX_PENDING_SOCKETS) {
    uncount();
    phase = 'closed';
    clearTimeout(startTimer);
    log.warn({ pending: pending.count }, 'media stream: too many sockets waiting for a start message');
    closeSocket(socket, CLOSE_TRY_LATER, 'too many pending streams');
  }
}

/** Most bytes of a WebSocket close reason (RFC 6455 §5.5: a control frame's 125 bytes, less the 2-byte code). */
const MAX_CLOSE_REASON_BYTES = 123;

/** `text` cut to at most `maxBytes` of UTF-8, never inside a character. */
function cutToBytes(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  let cut = '';
  let bytes = 0;
  for (const char of text) {
    bytes += Buffer.byteLength(char);
    if (bytes > maxBytes) break;
    cut += char;
  }
  return cut;
}

/**
 * Closes with `code` and `reason` cut to what a close frame holds. ws throws
 * on a longer reason (bytes, not characters: a message's field names may be
 * Chinese), and a close that throws would leave the socket open for good; if
 * closing fails anyway, the connection is dropped.
 */
function closeSocket(socket: WebSocket, code: number, reason: string): void {
  try {
    socket.close(code, cutToBytes(reason, MAX_CLOSE_REASON_BYTES));
  } catch {
    socket.terminate();
  }
}

/** The recording's file name (both sids are checked to be alphanumeric). */
function fileName(callSid: string, streamSid: string): string {
  return `${callSid}-${streamSid}.wav`;
}
