import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { HotlineError } from '../../errors.js';
import { SseClients } from '../../server/routes/sse-clients.js';
import type { ConsoleViewOptions } from '../access/console-view-options.js';
import { parseRequest } from '../access/parse-request.js';
import { sessionAlive } from '../access/session-alive.js';
import { closeLocalLine } from '../line/local-line.js';
import { SOFTPHONE_MAX_CALL_SEC, SOFTPHONE_MAX_CALLS, SoftphoneCalls } from './softphone-calls.js';
import { LIVE_FLOW, THIS_SERVER, openSoftphoneLine, softphoneFlows } from './softphone-line.js';
import { saveSoftphoneRecording } from './softphone-recording.js';
import { SoftphoneTts, TTS_MAX_CHARS } from './softphone-tts.js';
import type { PlacedCall, SavedCall, SoftphoneOffer } from './softphone-wire.js';

/** Pages listening to one call at most. */
const MAX_STREAMS_PER_CALL = 4;

const LANGUAGE = z.enum(['cmn-CN', 'en-US']);
const PlaceCall = z
  .object({
    flow: z.string().min(1).max(100).default(LIVE_FLOW),
    target: z.string().min(1).max(200).default(THIS_SERVER),
    from: z
      .string()
      .regex(/^\+[1-9][0-9]{6,14}$/, 'an E.164 number such as +8613800138000')
      .default('+8613800138000'),
    language: LANGUAGE.default('cmn-CN'),
    readsPrompts: z.boolean().default(false),
    timeLimitSec: z.number().int().min(10).max(SOFTPHONE_MAX_CALL_SEC).default(SOFTPHONE_MAX_CALL_SEC),
  })
  .strict();
const Input = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('keys'), digits: z.string().regex(/^[0-9*#]{0,32}$/, 'keys 0-9, * and #') }).strict(),
  z.object({ kind: z.literal('speech'), text: z.string().trim().min(1).max(200) }).strict(),
  z.object({ kind: z.literal('hangup') }).strict(),
]);
const Save = z.object({ name: z.string().max(64).optional() }).strict();
const CallId = z.object({ id: z.string().regex(/^CA[0-9a-f]{32}$/, 'a CallSid (CA + 32 hex digits)') });
const Download = z.object({ file: z.enum(['json', 'wav']).default('json') });
const Tts = z.object({ text: z.string().min(1).max(TTS_MAX_CHARS), language: z.string().max(20).default('cmn-CN') });

function parse<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  return parseRequest(schema, value, { code: 'HOTLINE_SOFTPHONE_REQUEST_INVALID', where });
}

function owner(request: FastifyRequest): string {
  return request.consoleSession!.csrf;
}

/**
 * /console/api/softphone: calls placed from the browser through the local Twilio emulator (src/console/line) to this
 * server's live flow, another flow run in-process, or another server on this machine; the call's events as
 * server-sent events; the caller's keys, words and hang-up; saving an ended call as a recording; prompt audio.
 */
export const softphoneApi: FastifyPluginAsync<ConsoleViewOptions> = async (app, options) => {
  const calls = new SoftphoneCalls();
  const tts = new SoftphoneTts();
  const streams = new SseClients({
    // Each live call (and a few ended ones being read) by its pages.
    maxClients: SOFTPHONE_MAX_CALLS * MAX_STREAMS_PER_CALL * 2,
    maxPerKey: MAX_STREAMS_PER_CALL,
    full: (open) =>
      new HotlineError(
        'HOTLINE_SOFTPHONE_BUSY',
        `GET /console/api/softphone/calls/…/events: ${open} pages already listen to softphone calls; close one.`,
      ),
    keyFull: (id, open) =>
      new HotlineError(
        'HOTLINE_SOFTPHONE_BUSY',
        `GET /console/api/softphone/calls/${id}/events: ${open} pages already listen to this call; close one.`,
      ),
  });
  app.addHook('preClose', async () => {
    // The streams stop listening first: the calls hung up below end without writing to an ended stream.
    streams.endAll();
    await calls.close();
    await closeLocalLine(app);
  });

  app.get(
    '/flows',
    async (): Promise<SoftphoneOffer> => ({
      flows: softphoneFlows(options.flowsDir, options.flow),
      tts: tts.available(),
      limits: { calls: SOFTPHONE_MAX_CALLS, callSec: SOFTPHONE_MAX_CALL_SEC, ttsChars: TTS_MAX_CHARS },
    }),
  );

  app.post('/calls', async (request): Promise<PlacedCall> => {
    const body = parse(PlaceCall, request.body, 'POST /console/api/softphone/calls');
    const call = await calls.place(
      () => openSoftphoneLine(app, { flowsDir: options.flowsDir, live: options.flow }, body),
      (opened) =>
        opened.line.placeCall({ from: body.from, readsPrompts: body.readsPrompts, timeLimitSec: body.timeLimitSec }),
      { owner: owner(request), language: body.language },
    );
    const { opened } = call;
    return { id: call.id, flowId: opened.flow.id, target: opened.description };
  });

  app.get('/calls/:id/events', async (request, reply) => {
    const { id } = parse(CallId, request.params, 'GET /console/api/softphone/calls/:id/events');
    const entry = calls.get(owner(request), id);
    // Event n (from 1) is the call's n-th; a reconnecting page (Last-Event-ID) gets only the ones after its last.
    streams.open(
      reply,
      (stream) => {
        stream.event(
          'call',
          {
            id,
            flowId: entry.opened.flow.id,
            target: entry.opened.description,
            language: entry.language,
            saved: entry.saved,
          },
          null,
        );
        const after = stream.lastEventId ?? 0;
        entry.call.events.forEach((e, i) => {
          if (i + 1 > after) stream.event(e.kind, e, i + 1);
        });
        const detach = calls.attach(entry);
        const stop = entry.call.subscribe((e) => stream.event(e.kind, e, entry.call.emitted));
        return () => {
          stop();
          detach();
        };
      },
      { key: id, alive: sessionAlive(options.sessions, request) },
    );
  });

  app.post('/calls/:id/input', async (request) => {
    const { id } = parse(CallId, request.params, 'POST /console/api/softphone/calls/:id/input');
    const input = parse(Input, request.body, `POST /console/api/softphone/calls/${id}/input`);
    const entry = calls.get(owner(request), id);
    if (!entry.call.input(input) && input.kind !== 'hangup') {
      throw new HotlineError(
        'HOTLINE_SOFTPHONE_REQUEST_INVALID',
        `POST /console/api/softphone/calls/${id}/input: the call is not waiting for keys or words now${entry.call.live ? '' : ' (it ended)'}.`,
      );
    }
    return { live: entry.call.live, waitingFor: entry.call.waitingFor ?? null };
  });

  app.post('/calls/:id/save', async (request): Promise<SavedCall> => {
    const { id } = parse(CallId, request.params, 'POST /console/api/softphone/calls/:id/save');
    const { name } = parse(Save, request.body, `POST /console/api/softphone/calls/${id}/save`);
    const entry = calls.get(owner(request), id);
    const saved = saveSoftphoneRecording(entry, options.recordingsDir, name);
    return { name: saved.name, files: [`${saved.name}.json`, `${saved.name}.wav`] };
  });

  app.get('/calls/:id/recording', async (request, reply) => {
    const { id } = parse(CallId, request.params, 'GET /console/api/softphone/calls/:id/recording');
    const { file } = parse(Download, request.query, `GET /console/api/softphone/calls/${id}/recording`);
    const entry = calls.get(owner(request), id);
    if (entry.saved === null) {
      throw new HotlineError(
        'HOTLINE_SOFTPHONE_NOT_SAVABLE',
        `GET /console/api/softphone/calls/${id}/recording: the call was not saved yet; POST …/save first.`,
      );
    }
    // The name is the server's own (validated or generated when saved), never taken from the request.
    const name = `${entry.saved}.${file}`;
    const bytes = readFileSync(join(options.recordingsDir, name));
    return reply
      .type(file === 'json' ? 'application/json' : 'audio/wav')
      .header('content-disposition', `attachment; filename="${name}"`)
      .send(bytes);
  });

  app.get('/tts', async (request, reply) => {
    const { text, language } = parse(Tts, request.query, 'GET /console/api/softphone/tts');
    const wav = await tts.speak(text, language);
    return reply.type('audio/wav').send(wav);
  });
};
