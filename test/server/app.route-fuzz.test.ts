import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import menu from '../../flows/hotline-12345-menu.js';
import { ERROR_CODES } from '../../src/errors.js';
import { buildApp } from '../../src/server/app.js';
import type { CallRecord } from '../../src/record/call-record.js';
import { SqliteCallStore } from '../../src/store/sqlite-call-store.js';
import { parseTwiml } from '../../src/twilio/twiml-parser.js';
import { AGENT, TestClock, testCaseLookup } from '../helpers/path-driver.js';
import { AUTH_TOKEN, PUBLIC_URL, callParams, post } from '../helpers/signed-client.js';

/**
 * Fuzzes every HTTP route of the live server with fast-check: signed and
 * unsigned requests, real and made-up CallSids of calls in every state, turn
 * numbers and parameters of every shape, raw bodies of any content type. The
 * server runs on a real SQLite file. Every answer must be a 2xx-4xx with a
 * well-formed body (TwiML that parses, or a one-line JSON error with a known
 * code), the server must keep answering, and the calls that had ended must
 * keep their final records, whatever arrived.
 */

const RUNS_PER_ROUTE = Number(process.env.HOTLINE_FUZZ_RUNS ?? 400);
const TURN_ROUTES = [
  '/voice/gather',
  '/voice/no-input',
  '/voice/queue-result',
  '/voice/transfer-result',
  '/voice/record-result',
];
const PLAIN_ROUTES = ['/voice', '/voice/status', '/queue/wait', '/queue/offer', '/agent/voice', '/agent/login'];
const AGENT_ROUTES = ['/agent/pin', '/agent/next', '/agent/after', '/agent/connect'];
const PARAMS = [
  'Digits',
  'SpeechResult',
  'Confidence',
  'QueueResult',
  'CallStatus',
  'QueuePosition',
  'QueueTime',
  'DialCallStatus',
  'RecordingDuration',
  'RecordingUrl',
  'From',
  'To',
  'Direction',
  'AccountSid',
  'Extra',
];
const KNOWN_VALUES = [
  '',
  '1',
  '5',
  '9',
  '0',
  '*',
  '#',
  '202611240001#',
  'completed',
  'in-progress',
  'busy',
  'no-answer',
  'failed',
  'canceled',
  'bridged',
  'bridging-in-process',
  'leave',
  'hangup',
  'queue-full',
  'error',
  'system-error',
  'redirected',
  'redirected-from-bridged',
  '+8613800138000',
  '+86138001380001234567',
  'anonymous',
  '着火了',
  '-1',
  '1e308',
  'NaN',
  '0x10',
  'https://api.twilio.com/rec/1',
  'javascript:1',
];

const dir = mkdtempSync(join(tmpdir(), 'hotline-route-fuzz-'));
const clock = new TestClock();
let app: FastifyInstance;
let store: SqliteCallStore;
const sids = { live: [] as string[], queued: [] as string[], ended: [] as string[] };
const finalRecords = new Map<string, CallRecord>();
const counts = new Map<string, number>();

const sid = (n: number) => `CA${n.toString(16).padStart(32, '0')}`;
const count = (route: string) => counts.set(route, (counts.get(route) ?? 0) + 1);

/** Asserts what every answer must be: no 5xx, and a body that is TwiML or a one-line coded JSON error. */
function expectWellFormed(status: number, contentType: string, body: string, where: string): void {
  expect(status, `${where} answered ${status}: ${body}`).toBeLessThan(500);
  expect(status).toBeGreaterThanOrEqual(200);
  if (contentType.includes('xml')) {
    expect(() => parseTwiml(body), `${where}: TwiML that does not parse: ${body}`).not.toThrow();
  } else {
    const parsed = JSON.parse(body) as { error?: { code: string; message: string } };
    if (status >= 400) {
      expect(Object.keys(ERROR_CODES), `${where}: unknown code in ${body}`).toContain(parsed.error?.code);
      expect(parsed.error?.message).not.toMatch(/\n/);
    }
  }
}

const arbCallSid = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...Array.from({ length: 12 }, (_, i) => sid(i + 1))) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '',
      'CA',
      'CA1',
      `CA${'z'.repeat(64)}`,
      `CA${'0'.repeat(65)}`,
      'AC123',
      '../../etc',
      'CA\u0000x',
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 70 }) },
);
const arbValue = fc.oneof(
  fc.constantFrom(...KNOWN_VALUES),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ minLength: 1000, maxLength: 5000 }),
);
const arbParams = fc.dictionary(fc.constantFrom(...PARAMS), arbValue, { maxKeys: 6 });
const arbTurn = fc.oneof(
  fc.integer({ min: 0, max: 8 }).map(String),
  fc.constantFrom('-1', '1.5', '1e3', '99999999999999999999', '', 'x', '0x1', ' 1'),
);
const arbAgent = fc.oneof(fc.constantFrom(AGENT.id, '8020', '0', '999999999999'), fc.string({ maxLength: 14 }));
/** How a request is signed: correctly (most), not at all, over another URL, or with garbage. */
const arbSigning = fc.constantFrom<'ok' | 'ok' | 'ok' | 'none' | 'other-url' | 'junk'>(
  'ok',
  'ok',
  'ok',
  'none',
  'other-url',
  'junk',
);

async function signedPost(route: string, params: Record<string, string>, signing: string): Promise<void> {
  const signature =
    signing === 'ok'
      ? undefined
      : signing === 'none'
        ? null
        : signing === 'junk'
          ? 'A'.repeat(28)
          : twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_URL}/elsewhere`, params);
  const res = await post(app, route, params, { signature });
  expectWellFormed(res.status, res.contentType, res.body, `POST ${route}`);
  if (signing !== 'ok') expect(res.status).toBe(403);
  count(`POST ${route.split('?')[0]}`);
}

beforeAll(async () => {
  store = new SqliteCallStore(join(dir, 'fuzz.db'));
  app = await buildApp({
    flow: menu,
    store,
    publicUrl: PUBLIC_URL,
    authToken: AUTH_TOKEN,
    clock: clock.now,
    lookups: { caseStatus: testCaseLookup },
    adminToken: null,
  });
  await store.putAgent({
    id: AGENT.id,
    name: 'A',
    phone: AGENT.phone,
    skills: [...menu.skills],
    pool: 'in-house',
    active: true,
    pinHash: null,
  });
  await app.inject({
    method: 'PUT',
    url: '/admin/agents/8020',
    payload: { name: 'B', skills: ['general'], pool: 'outsourced', pin: '4711' },
  });
  // Calls in every state: in the IVR (1-4), waiting in a queue (5-8), ended with a final record (9-12).
  for (let n = 1; n <= 12; n += 1) {
    const callSid = sid(n);
    await post(app, '/voice', callParams(callSid));
    if (n >= 5) await post(app, '/voice/gather?turn=1', callParams(callSid, { Digits: '1' }));
    if (n >= 9) {
      if (n % 2 === 0) await post(app, `/agent/connect?agent=${AGENT.id}`, callParams(callSid));
      await post(app, '/voice/status', callParams(callSid, { CallStatus: 'completed' }));
      sids.ended.push(callSid);
    } else (n >= 5 ? sids.queued : sids.live).push(callSid);
  }
  for (const callSid of sids.ended) {
    const record = await store.getRecord(callSid);
    expect(record?.endSec).not.toBeNull();
    finalRecords.set(callSid, record!);
  }
}, 60_000);

afterAll(async () => {
  await app?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  console.log(
    `route fuzz: ${total} requests, 0 answered 5xx; per route: ${[...counts].map(([r, n]) => `${r} ${n}`).join(', ')}`,
  );
});

describe('every HTTP route survives hostile input', () => {
  it.each(TURN_ROUTES)(
    'POST %s: any signed or unsigned call, turn and parameters',
    async (route) => {
      await fc.assert(
        fc.asyncProperty(arbCallSid, arbTurn, arbParams, arbSigning, async (callSid, turn, params, signing) => {
          clock.advance(1);
          await signedPost(`${route}?turn=${encodeURIComponent(turn)}`, callParams(callSid, params), signing);
        }),
        { numRuns: RUNS_PER_ROUTE, seed: 11 },
      );
    },
    120_000,
  );

  it.each(PLAIN_ROUTES)(
    'POST %s: any signed or unsigned call and parameters',
    async (route) => {
      await fc.assert(
        fc.asyncProperty(arbCallSid, arbParams, arbSigning, async (callSid, params, signing) => {
          clock.advance(1);
          await signedPost(route, callParams(callSid, params), signing);
        }),
        { numRuns: RUNS_PER_ROUTE, seed: 12 },
      );
    },
    120_000,
  );

  it.each(AGENT_ROUTES)(
    'POST %s: any agent, call and parameters',
    async (route) => {
      await fc.assert(
        fc.asyncProperty(arbAgent, arbCallSid, arbParams, arbSigning, async (agent, callSid, params, signing) => {
          clock.advance(1);
          await signedPost(`${route}?agent=${encodeURIComponent(agent)}`, callParams(callSid, params), signing);
        }),
        { numRuns: RUNS_PER_ROUTE, seed: 13 },
      );
    },
    120_000,
  );

  it('POST /callback/answer: any callback id, call and parameters', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 40 }),
        arbCallSid,
        arbParams,
        arbSigning,
        async (id, callSid, params, signing) => {
          await signedPost(`/callback/answer?id=${encodeURIComponent(id)}`, callParams(callSid, params), signing);
        },
      ),
      { numRuns: RUNS_PER_ROUTE, seed: 14 },
    );
  }, 120_000);

  it('raw bodies of any content type, duplicated keys and odd encodings on the webhook routes', async () => {
    const routes = [
      ...PLAIN_ROUTES,
      ...TURN_ROUTES.map((r) => `${r}?turn=1`),
      ...AGENT_ROUTES.map((r) => `${r}?agent=${AGENT.id}`),
    ];
    const arbBody = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc
        .array(
          fc.tuple(
            fc.constantFrom('CallSid', 'Digits', 'From', 'QueueResult', 'CallStatus', 'x'),
            fc.oneof(arbValue, fc.constantFrom(sid(1), sid(5), sid(9))),
          ),
          { maxLength: 8 },
        )
        .map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')),
      fc.constantFrom(
        'CallSid=%E0%A4%A&Digits=1',
        'CallSid[]=CA1&CallSid[]=CA2',
        'CallSid=CA1&CallSid=CA2',
        '%%%',
        '=&=&',
        'a'.repeat(2_000_000),
      ),
    );
    const arbType = fc.constantFrom(
      'application/x-www-form-urlencoded',
      'application/x-www-form-urlencoded; charset=latin1',
      'application/json',
      'text/plain',
      'multipart/form-data; boundary=x',
      '',
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        arbBody,
        arbType,
        fc.boolean(),
        async (route, body, type, signIt) => {
          const params = Object.fromEntries(new URLSearchParams(body));
          const headers: Record<string, string> = {};
          if (type) headers['content-type'] = type;
          if (signIt)
            headers['x-twilio-signature'] = twilio.getExpectedTwilioSignature(AUTH_TOKEN, PUBLIC_URL + route, params);
          const res = await app.inject({ method: 'POST', url: route, headers, payload: body });
          expectWellFormed(res.statusCode, String(res.headers['content-type'] ?? ''), res.body, `POST ${route} (raw)`);
          count('POST (raw bodies)');
        },
      ),
      { numRuns: RUNS_PER_ROUTE, seed: 15 },
    );
  }, 120_000);

  it('admin routes and unknown routes: any method, path, query and JSON body', async () => {
    const arbJson = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.record(
        {
          name: arbValue,
          skills: fc.array(fc.string({ maxLength: 12 }), { maxLength: 4 }),
          pool: fc.constantFrom('in-house', 'outsourced', 'x'),
          pin: fc.string({ maxLength: 10 }),
          phone: arbValue,
        },
        { requiredKeys: [] },
      ),
    );
    const arbRequest = fc.oneof(
      fc.record({
        method: fc.constant('GET' as const),
        url: fc.constantFrom('/admin/agents', '/admin/callbacks', '/admin/calls', '/health'),
      }),
      fc.record({
        method: fc.constant('GET' as const),
        url: fc
          .tuple(fc.constantFrom('limit', 'cursor', 'from', 'to', 'outcome', 'pool', 'x'), fc.string({ maxLength: 30 }))
          .map(([k, v]) => `/admin/calls?${k}=${encodeURIComponent(v)}`),
      }),
      fc.record({
        method: fc.constant('PUT' as const),
        url: arbAgent.map((id) => `/admin/agents/${encodeURIComponent(id)}`),
        payload: arbJson,
      }),
      fc.record({
        method: fc.constantFrom('POST' as const, 'DELETE' as const, 'PATCH' as const),
        url: fc.constantFrom('/admin/callbacks/run', '/admin/agents/8013', '/admin/calls', '/nope', '/voice'),
      }),
      fc.record({
        method: fc.constantFrom('GET' as const, 'OPTIONS' as const, 'HEAD' as const),
        url: fc.string({ maxLength: 60 }).map((s) => `/${s.replace(/[\s#?]/g, '')}`),
      }),
    );
    await fc.assert(
      fc.asyncProperty(arbRequest, async (request) => {
        const payload = 'payload' in request ? request.payload : undefined;
        const res = await app.inject({
          method: request.method,
          url: request.url,
          ...(payload === undefined
            ? {}
            : { payload: JSON.stringify(payload), headers: { 'content-type': 'application/json' } }),
        });
        if (request.method === 'HEAD' || request.method === 'OPTIONS') expect(res.statusCode).toBeLessThan(500);
        else
          expectWellFormed(
            res.statusCode,
            String(res.headers['content-type'] ?? ''),
            res.body,
            `${request.method} ${request.url}`,
          );
        count(
          `${request.method} ${request.url.startsWith('/admin') ? request.url.split('?')[0]!.replace(/\/agents\/.*/, '/agents/:id') : '(other)'}`,
        );
      }),
      { numRuns: RUNS_PER_ROUTE * 2, seed: 16 },
    );
  }, 120_000);

  it('still serves calls afterwards', async () => {
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    const fresh = sid(0xfff);
    const first = await post(app, '/voice', callParams(fresh));
    expect(first.status).toBe(200);
    expect(first.verbs.map((v) => v.name)).toContain('Gather');
  });

  it('the calls that had ended kept their final records and were never revived', async () => {
    for (const [callSid, record] of finalRecords) {
      expect(await store.getRecord(callSid), `${callSid} changed after it ended`).toEqual(record);
      expect(await store.getSession(callSid), `${callSid} was revived after it ended`).toBeUndefined();
    }
  });
});
