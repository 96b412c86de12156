/**
 * Micro-benchmark of the pieces of one `POST /voice` (a new call on the
 * hotline-12345-direct flow), each timed alone in a loop in this thread: no
 * HTTP, no profiler, no client competing for the CPU. Complements
 * bench/profile-voice.ts (which says where the time goes inside a real request)
 * with clean µs-per-call figures, and times a few cheaper alternatives so the
 * possible gain of a change in src/ is measured, not guessed.
 *
 * Run: `node --import tsx bench/micro-voice.ts`. Env: MICRO_MS (time per item, default 1000).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import formbody from '@fastify/formbody';
import Fastify from 'fastify';
import twilio from 'twilio';
import { initialTransition, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import direct from '../flows/hotline-12345-direct.js';
import { activeStep } from '../src/flow/graph/machine-internals.js';
import { FlowCall } from '../src/flow/runtime/flow-call.js';
import type { ResolvedStep } from '../src/flow/runtime/resolved-step.js';
import { hashCaller } from '../src/store/caller-hash.js';
import { newCallRecord } from '../src/record/call-record.js';
import { buildApp } from '../src/server/app.js';
import type { CallSession } from '../src/store/call-store.js';
import { MemoryCallStore } from '../src/store/memory-call-store.js';
import { SqliteCallStore } from '../src/store/sqlite-call-store.js';
import { DEFAULT_VOICES, renderStep, type StepUrls } from '../src/twilio/twiml-renderer.js';
import { AUTH_TOKEN, PUBLIC_URL } from './bench-settings.js';

const MS = Number(process.env.MICRO_MS ?? 1000);

let seq = 0;
const sid = () => `CA${(seq++).toString(16).padStart(32, '0')}`;
function params(callSid: string): Record<string, string> {
  return {
    AccountSid: `AC${'0'.repeat(32)}`,
    ApiVersion: '2010-04-01',
    CallSid: callSid,
    CallStatus: 'ringing',
    Called: '+8612345',
    Caller: '+8613800138000',
    Direction: 'inbound',
    From: '+8613800138000',
    To: '+8612345',
  };
}

/** Runs fn repeatedly for MS ms (after a warm-up of MS/4) and returns µs per call. */
async function time(fn: () => unknown): Promise<number> {
  const loop = async (ms: number) => {
    let n = 0;
    const t0 = performance.now();
    let t = t0;
    while (t - t0 < ms) {
      for (let i = 0; i < 50; i += 1) {
        const r = fn();
        if (r && typeof (r as PromiseLike<unknown>).then === 'function') await r; // inject() returns a thenable, not a Promise
      }
      n += 50;
      t = performance.now();
    }
    return ((t - t0) * 1000) / n;
  };
  await loop(MS / 4);
  return loop(MS);
}

async function item(name: string, fn: () => unknown) {
  const us = await time(fn);
  console.log(`${us.toFixed(1).padStart(8)} µs  ${name}`);
}

/** Times several items round-robin, `rounds` times, and prints each one's best round (first rounds pay for JIT warm-up). */
async function bestOf(rounds: number, items: [string, () => unknown][]) {
  const best = items.map(() => Infinity);
  for (let r = 0; r < rounds; r += 1) {
    for (const [i, [, fn]] of items.entries()) best[i] = Math.min(best[i]!, await time(fn));
  }
  for (const [i, [name]] of items.entries()) console.log(`${best[i]!.toFixed(1).padStart(8)} µs  ${name}`);
}

/** The welcome step's TwiML built by string concatenation: the output of renderStep, byte for byte. */
const esc = (s: string) =>
  s.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
function handRender(step: Extract<ResolvedStep, { kind: 'gather' }>, urls: StepUrls): string {
  const lang = step.prompts.find((p) => p.kind === 'say')?.language ?? 'cmn-CN';
  let attrs = `input="${esc(step.input)}" action="${esc(urls.gather)}" method="POST" timeout="${step.timeoutSec}" finishOnKey="${esc(step.finishOnKey ?? '#')}" actionOnEmptyResult="false"`;
  if (step.maxDigits !== undefined) attrs += ` numDigits="${step.maxDigits}"`;
  if (step.input !== 'dtmf') {
    attrs += ` language="${lang === 'cmn-CN' ? 'cmn-Hans-CN' : 'en-US'}" speechTimeout="auto"`;
    if (step.hints && step.hints.length > 0) attrs += ` hints="${esc(step.hints.join(','))}"`;
  }
  let inner = '';
  for (const p of step.prompts) {
    if (p.kind !== 'say') throw new Error('handRender: say prompts only');
    const voice = DEFAULT_VOICES[p.language];
    inner += `<Say language="${p.language}"${voice ? ` voice="${esc(voice)}"` : ''}>${esc(p.text)}</Say>`;
  }
  return `<?xml version="1.0" encoding="UTF-8"?><Response><Gather ${attrs}>${inner}</Gather><Redirect method="POST">${esc(urls.noInput)}</Redirect></Response>`;
}

async function main() {
  console.log(`node ${process.version}; each item: ${MS} ms after a ${MS / 4} ms warm-up\n`);
  const urls: StepUrls = {
    gather: '/voice/gather?turn=1',
    noInput: '/voice/no-input?turn=1',
    queueResult: '/voice/queue-result?turn=1',
    wait: '/queue/wait',
    transferResult: '/voice/transfer-result?turn=1',
    recordResult: '/voice/record-result?turn=1',
    audioBase: '/audio/',
  };
  const noLookups = async () => ({ found: false });

  // --- whole request, through fastify (inject: no sockets) ---
  const bare = Fastify({ logger: false });
  await bare.register(formbody);
  bare.post('/bare', async () => 'ok');
  const signedInject = (app: { inject: (o: object) => Promise<unknown> }, path: string) => () => {
    const p = params(sid());
    return app.inject({
      method: 'POST',
      url: path,
      payload: new URLSearchParams(p).toString(),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, PUBLIC_URL + path, p),
      },
    });
  };
  const memSig = await buildApp({
    flow: direct,
    store: new MemoryCallStore(),
    publicUrl: PUBLIC_URL,
    authToken: AUTH_TOKEN,
    logger: false,
  });
  const memNoSig = await buildApp({
    flow: direct,
    store: new MemoryCallStore(),
    publicUrl: PUBLIC_URL,
    authToken: AUTH_TOKEN,
    insecureSkipSignature: true,
    logger: false,
  });
  const sqlite = new SqliteCallStore(':memory:');
  const sqlSig = await buildApp({
    flow: direct,
    store: sqlite,
    publicUrl: PUBLIC_URL,
    authToken: AUTH_TOKEN,
    logger: false,
  });
  await bestOf(3, [
    ['inject: bare fastify + formbody POST (framework + inject + client signing)', signedInject(bare, '/bare')],
    ['inject: POST /voice, signature + memory', signedInject(memSig, '/voice')],
    ['inject: POST /voice, no signature + memory', signedInject(memNoSig, '/voice')],
    ['inject: POST /voice, signature + SQLite (:memory:)', signedInject(sqlSig, '/voice')],
  ]);

  // --- the handler alone ---
  const calls = memNoSig.hotline.calls;
  await item('CallService.incoming (memory store): the whole handler', () => {
    const s = sid();
    return calls.incoming(params(s), s);
  });
  const sqlCalls = sqlSig.hotline.calls;
  await item('CallService.incoming (SQLite :memory:): the whole handler', () => {
    const s = sid();
    return sqlCalls.incoming(params(s), s);
  });

  // --- pieces ---
  const p0 = params('CA0123');
  const sig = twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_URL}/voice`, p0);
  await item('twilio.validateRequest (1 HMAC-SHA1 + URL splitting)', () =>
    twilio.validateRequest(AUTH_TOKEN, sig, `${PUBLIC_URL}/voice`, p0),
  );
  const body = new URLSearchParams(p0).toString();
  await item("form body parse (URLSearchParams, ~ formbody's fast-querystring)", () =>
    Object.fromEntries(new URLSearchParams(body)),
  );
  await item('hashCaller (HMAC-SHA256)', () => hashCaller('+8613800138000', 'salt-0123456789abcdef0123456789abcdef'));

  await item('FlowCall.start (createActor + start + activeStep)', () => FlowCall.start(direct));
  await item('FlowCall.start + advance', () => FlowCall.start(direct).advance(noLookups));
  const call = FlowCall.start(direct);
  const turn = (await call.advance(noLookups))!;
  const snap = call.snapshot;
  await item('  snapshot.getMeta()', () => snap.getMeta());
  await item('  activeStep(snapshot) (getMeta + scan)', () => activeStep(snap));
  await item('  call.resolvedStep() (activeStep + resolve prompts)', () => call.resolvedStep());
  await item('  snapshot.can({ type: "DIGITS" })', () => snap.can({ type: 'DIGITS', digits: '1' }));
  await item('  snapshot.hasTag("self-served")', () => snap.hasTag('self-served'));
  await item('  call.persist() (getPersistedSnapshot)', () => call.persist());
  await item('  call.context (actor.getSnapshot().context)', () => call.context);
  const restoredFrom = call.persist();
  await item('FlowCall.restore(persisted) (next webhooks)', () => FlowCall.restore(direct, restoredFrom));

  const record = newCallRecord({
    callSid: 'CA0123',
    flowId: direct.id,
    direction: 'inbound',
    callerHash: 'x'.repeat(32),
    arrivalSec: 1,
    language: 'cmn-CN',
    lastState: 'welcome',
  });
  await item('newCallRecord', () =>
    newCallRecord({
      callSid: 'CA0123',
      flowId: direct.id,
      direction: 'inbound',
      callerHash: 'x'.repeat(32),
      arrivalSec: 1,
      language: 'cmn-CN',
      lastState: 'welcome',
    }),
  );
  const session: CallSession = {
    callSid: 'CA0123',
    flowId: direct.id,
    snapshot: restoredFrom,
    turn: 1,
    queueName: null,
    queueSinceSec: null,
    pendingLeave: null,
    heardHold: false,
    marks: [],
    lastTwiml: null,
    journey: [],
    record,
  };
  await item('structuredClone(session) (memory store, saveSession clones this…)', () => structuredClone(session));
  await item('structuredClone(record)   (…and this)', () => structuredClone(record));
  await item('JSON.parse(JSON.stringify(session)) (alternative deep copy)', () => JSON.parse(JSON.stringify(session)));
  const mem = new MemoryCallStore();
  await item('MemoryCallStore.saveSession', () => mem.saveSession({ ...session, callSid: sid() }));
  const sq = new SqliteCallStore(':memory:');
  await item('SqliteCallStore.saveSession (:memory:)', () =>
    sq.saveSession({ ...session, callSid: sid(), record: { ...record, callSid: `CA${seq}` } }),
  );
  await item('  JSON.stringify(snapshot) (inside it)', () => JSON.stringify(restoredFrom));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hotline-micro-'));
  try {
    const file = new SqliteCallStore(path.join(dir, 'calls.sqlite'));
    await item('SqliteCallStore.saveSession (file, WAL, synchronous=NORMAL: the default store)', () =>
      file.saveSession({ ...session, callSid: sid(), record: { ...record, callSid: `CA${seq}` } }),
    );
    await file.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const step = turn.step as Extract<ResolvedStep, { kind: 'gather' }>;
  await item('renderStep (welcome gather, twilio VoiceResponse/xmlbuilder)', () =>
    renderStep(step, null, urls, DEFAULT_VOICES),
  );
  await item('  new twilio.twiml.VoiceResponse() alone', () => new twilio.twiml.VoiceResponse());
  await item('  VoiceResponse().toString() (empty document)', () => new twilio.twiml.VoiceResponse().toString());
  const same = handRender(step, urls) === renderStep(step, null, urls, DEFAULT_VOICES);
  await item(`alternative: string-built TwiML (${same ? 'byte-identical output' : 'OUTPUT DIFFERS'})`, () =>
    handRender(step, urls),
  );

  await item('alternative: xstate initialTransition (no actor) + getMeta + persisted', () => {
    const machine: AnyStateMachine = direct.machine;
    const [s] = initialTransition(machine);
    (s as AnyMachineSnapshot).getMeta();
    return machine.getPersistedSnapshot(s);
  });

  await Promise.all([bare.close(), memSig.close(), memNoSig.close(), sqlSig.close()]);
  await sqlite.close();
  await sq.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
