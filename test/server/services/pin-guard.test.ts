import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import direct from '../../../flows/hotline-12345-direct.js';
import { buildApp } from '../../../src/server/app.js';
import { DEFAULT_PIN_POLICY } from '../../../src/server/services/pin-guard.js';
import type { CallStore } from '../../../src/store/call-store.js';
import { MemoryCallStore } from '../../../src/store/memory-call-store.js';
import { SqliteCallStore } from '../../../src/store/sqlite-call-store.js';
import { TestClock } from '../../helpers/path-driver.js';
import { AUTH_TOKEN, PUBLIC_URL, callParams, post, spoken } from '../../helpers/signed-client.js';

const dir = mkdtempSync(join(tmpdir(), 'hotline-pin-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const LOCKED = '密码错误次数过多，请稍后再试。';
const { maxFailures, baseLockSec } = DEFAULT_PIN_POLICY;

async function line(store: CallStore = new MemoryCallStore(), clock = new TestClock()) {
  const app = await buildApp({
    flow: direct,
    store,
    publicUrl: PUBLIC_URL,
    authToken: AUTH_TOKEN,
    clock: clock.now,
    salt: 'pin-test-salt-0123456789abcdef-0123',
  });
  for (const id of ['8020', '8021', '8022', '8023', '8024', '8025', '8026']) {
    await app.inject({
      method: 'PUT',
      url: `/admin/agents/${id}`,
      payload: { name: `Agent ${id}`, skills: ['general'], pool: 'in-house', pin: '4711' },
    });
  }
  let n = 0;
  /** Keys `pin` for `agent` on a new call from `from`; what the agent hears. */
  const pin = async (agent: string, pin: string, from: string) => {
    n += 1;
    const doc = await post(
      app,
      `/agent/pin?agent=${agent}`,
      callParams(`CA${n.toString(16).padStart(32, '0')}`, { From: from, Digits: pin }),
    );
    return doc.verbs.map((v) => v.name).join(',') === 'Pause,Redirect' ? 'in' : spoken(doc.verbs)[0];
  };
  return { app, clock, pin };
}

/** A different caller number each time: only the agent's counter adds up. */
const phone = (i: number) => `+86139${String(i).padStart(8, '0')}`;

describe('agent PIN lockout', () => {
  it(`locks an agent after ${maxFailures} wrong PINs, refuses even the right PIN while locked, and opens after the lock`, async () => {
    const { app, clock, pin } = await line();
    for (let i = 1; i < maxFailures; i += 1) expect(await pin('8020', '0000', phone(i))).toBe('密码错误。');
    expect(await pin('8020', '4711', phone(100)), 'below the limit a right PIN logs in').toBe('in');
    for (let i = 1; i <= maxFailures; i += 1) expect(await pin('8020', '0000', phone(i))).toBe('密码错误。');
    expect(await pin('8020', '4711', phone(101))).toBe(LOCKED);
    expect(await pin('8021', '4711', phone(102)), 'other agents are not locked').toBe('in');
    clock.advance(baseLockSec - 1);
    expect(await pin('8020', '4711', phone(103))).toBe(LOCKED);
    clock.advance(2);
    expect(await pin('8020', '4711', phone(104))).toBe('in');
    await app.close();
  });

  it('doubles the lock with each wrong PIN past the limit', async () => {
    const { app, clock, pin } = await line();
    for (let i = 1; i <= maxFailures; i += 1) await pin('8020', '0000', phone(i));
    clock.advance(baseLockSec + 1);
    expect(await pin('8020', '1111', phone(50))).toBe('密码错误。');
    clock.advance(2 * baseLockSec - 2);
    expect(await pin('8020', '4711', phone(51)), 'second lock: twice as long').toBe(LOCKED);
    clock.advance(3);
    expect(await pin('8020', '2222', phone(52))).toBe('密码错误。');
    clock.advance(4 * baseLockSec - 2);
    expect(await pin('8020', '4711', phone(53)), 'third lock: four times as long').toBe(LOCKED);
    clock.advance(3);
    expect(await pin('8020', '4711', phone(54))).toBe('in');
    await app.close();
  });

  it('locks a source (caller number) that guesses across agents, and only that source', async () => {
    const { app, clock, pin } = await line();
    const agents = ['8020', '8021', '8022', '8023', '8024'];
    for (const agent of agents.slice(0, maxFailures))
      expect(await pin(agent, '0000', '+8613800000001')).toBe('密码错误。');
    expect(await pin('8025', '4711', '+8613800000001')).toBe(LOCKED);
    expect(await pin('8025', '4711', '+8613800000002')).toBe('in');
    clock.advance(baseLockSec + 1);
    expect(await pin('8026', '4711', '+8613800000001')).toBe('in');
    await app.close();
  });

  it('counts guesses at agent ids that do not exist against the source', async () => {
    const { app, pin } = await line();
    for (let i = 0; i < maxFailures; i += 1)
      expect(await pin(String(9000 + i), '0000', '+8613800000003')).toBe('密码错误。');
    expect(await pin('8020', '4711', '+8613800000003')).toBe(LOCKED);
    await app.close();
  });

  it('keeps an agent locked across a restart on the same SQLite file', async () => {
    const file = join(dir, 'pins.db');
    const clock = new TestClock();
    const first = await line(new SqliteCallStore(file), clock);
    for (let i = 1; i <= maxFailures; i += 1) await first.pin('8020', '0000', phone(i));
    await first.app.close();
    await first.app.hotline.store.close();
    const second = await line(new SqliteCallStore(file), clock);
    expect(await second.pin('8020', '4711', phone(200))).toBe(LOCKED);
    clock.advance(baseLockSec + 1);
    expect(await second.pin('8020', '4711', phone(201))).toBe('in');
    await second.app.close();
    await second.app.hotline.store.close();
  });
});
