import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import twilio from 'twilio';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import direct from '../../flows/hotline-12345-direct.js';
import { buildApp } from '../../src/server/app.js';
import { MemoryCallStore } from '../../src/store/memory-call-store.js';
import { AGENT, CALLER, TestClock } from '../helpers/path-driver.js';
import { ACCOUNT_SID, AUTH_TOKEN, PUBLIC_URL, callParams, post, spoken } from '../helpers/signed-client.js';

const created: URLSearchParams[] = [];
let failNext = 0;
const server = setupServer(
  http.post('https://api.twilio.com/2010-04-01/Accounts/:account/Calls.json', async ({ request, params }) => {
    const body = new URLSearchParams(await request.text());
    if (failNext > 0) {
      failNext -= 1;
      return HttpResponse.json(
        { code: 21211, message: `The 'To' number ${body.get('To')} is not a valid phone number.`, status: 400 },
        { status: 400 },
      );
    }
    created.push(body);
    return HttpResponse.json(
      {
        sid: `CA${'b'.repeat(31)}${created.length}`,
        account_sid: params.account,
        status: 'queued',
        to: body.get('To'),
        from: body.get('From'),
      },
      { status: 201 },
    );
  }),
);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  created.length = 0;
  failNext = 0;
});
afterAll(() => server.close());

async function setup() {
  const clock = new TestClock();
  const store = new MemoryCallStore();
  const app = await buildApp({
    flow: direct,
    store,
    publicUrl: PUBLIC_URL,
    authToken: AUTH_TOKEN,
    clock: clock.now,
    twilioClient: twilio(ACCOUNT_SID, AUTH_TOKEN),
    hotlineNumber: '+8653112345',
  });
  await store.putAgent({
    id: AGENT.id,
    name: 'A',
    phone: AGENT.phone,
    skills: ['general'],
    pool: 'in-house',
    active: true,
    pinHash: null,
  });
  return { clock, store, app };
}

async function bookCallback(app: Awaited<ReturnType<typeof setup>>['app'], clock: TestClock, sid: string) {
  await post(app, '/voice', callParams(sid, { From: CALLER }));
  const queued = await post(app, '/voice/no-input?turn=1', callParams(sid, { From: CALLER }));
  const action = queued.verbs.find((v) => v.name === 'Enqueue')!.attrs.action!;
  clock.advance(31);
  await post(app, '/queue/wait', callParams(sid, { QueuePosition: '1' }));
  const rejoined = await post(app, action, callParams(sid, { QueueResult: 'leave' }));
  const action2 = rejoined.verbs.find((v) => v.name === 'Enqueue')!.attrs.action!;
  clock.advance(30);
  const round = await post(app, '/queue/wait', callParams(sid, { QueuePosition: '1' }));
  await post(app, round.verbs.find((v) => v.name === 'Gather')!.attrs.action!, callParams(sid, { Digits: '1' }));
  const booked = await post(app, action2, callParams(sid, { QueueResult: 'leave', From: CALLER }));
  expect(spoken(booked.verbs)[0]).toContain('已为您登记回电');
  await post(app, '/voice/status', callParams(sid, { CallStatus: 'completed' }));
}

describe('callbacks are placed later through the Twilio REST API', () => {
  it('places a due callback with calls.create, then runs the callback leg through the flow', async () => {
    const { clock, store, app } = await setup();
    const sid = `CA${'4'.repeat(32)}`;
    await bookCallback(app, clock, sid);
    expect((await store.getRecord(sid))!.outcome).toBe('callback');

    const early = await app.inject({ method: 'POST', url: '/admin/callbacks/run' });
    expect(early.json().placed).toEqual([]);
    clock.advance(301);
    const run = await app.inject({ method: 'POST', url: '/admin/callbacks/run' });
    expect(run.json().placed).toHaveLength(1);
    expect(created).toHaveLength(1);
    expect(created[0]!.get('To')).toBe(CALLER);
    expect(created[0]!.get('From')).toBe('+8653112345');
    const id = run.json().placed[0] as string;
    clock.advance(15);
    const again = await app.inject({ method: 'POST', url: '/admin/callbacks/run' });
    expect(again.json().placed, 'a placed callback is not dialled again while it rings').toEqual([]);
    expect(created).toHaveLength(1);
    expect(created[0]!.get('Url')).toBe(`${PUBLIC_URL}/callback/answer?id=${id}`);

    const leg = created[0]!;
    const legSid = `CA${'b'.repeat(31)}1`;
    const answer = await post(
      app,
      `/callback/answer?id=${id}`,
      callParams(legSid, { Direction: 'outbound-api', From: '+8653112345', To: leg.get('To')! }),
    );
    expect(spoken(answer.verbs)[0]).toContain('您之前申请了回电');
    expect(answer.verbs.find((v) => v.name === 'Enqueue')?.text).toBe('general.in-house');
    const stored = (await store.listCallbacks()).find((c) => c.id === id)!;
    expect(stored.number).toBeNull();
    expect(stored.status).toBe('placed');
    const record = (await store.getRecord(legSid))!;
    expect(record.direction).toBe('callback');
    expect(record.callerHash).toBe((await store.getRecord(sid))!.callerHash);
    await app.close();
  });

  it('keeps a callback pending after a REST error and gives up after three attempts, erasing the number', async () => {
    const { clock, store, app } = await setup();
    await bookCallback(app, clock, `CA${'3'.repeat(32)}`);
    failNext = 3;
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      clock.advance(601);
      await app.inject({ method: 'POST', url: '/admin/callbacks/run' });
    }
    const [callback] = await store.listCallbacks();
    expect(callback!.status).toBe('failed');
    expect(callback!.attempts).toBe(3);
    expect(callback!.number).toBeNull();
    expect(callback!.lastError).toContain('Twilio error 21211');
    expect(callback!.lastError, 'the number does not survive in the error').not.toContain(CALLER);
    await app.close();
  });

  it('reschedules a callback the citizen did not answer', async () => {
    const { clock, store, app } = await setup();
    await bookCallback(app, clock, `CA${'2'.repeat(32)}`);
    clock.advance(301);
    await app.inject({ method: 'POST', url: '/admin/callbacks/run' });
    const placedSid = `CA${'b'.repeat(31)}1`;
    const status = await post(app, '/voice/status', callParams(placedSid, { CallStatus: 'no-answer' }));
    expect(status.status).toBe(200);
    const [callback] = await store.listCallbacks();
    expect(callback!.status).toBe('pending');
    expect(callback!.placedCallSid).toBeNull();
    expect(callback!.number).toBe(CALLER);
    expect(callback!.lastError).toContain('no-answer');
    await app.close();
  });
});
