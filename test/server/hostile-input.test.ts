import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import menu from '../../flows/hotline-12345-menu.js';
import { buildApp } from '../../src/server/app.js';
import { SqliteCallStore } from '../../src/store/sqlite-call-store.js';
import { testCaseLookup } from '../helpers/path-driver.js';
import { AUTH_TOKEN, PUBLIC_URL } from '../helpers/signed-client.js';

/**
 * Requests a reviewer built to break the live server: each got a 5xx (or
 * worse) before the fix named in its test.
 */

const dir = mkdtempSync(join(tmpdir(), 'hotline-hostile-'));
let app: FastifyInstance;
let store: SqliteCallStore;
const lines: string[] = [];

beforeAll(async () => {
  store = new SqliteCallStore(join(dir, 'hotline.db'));
  app = await buildApp({
    flow: menu, store, publicUrl: PUBLIC_URL, authToken: AUTH_TOKEN, lookups: { caseStatus: testCaseLookup },
    logger: { destination: { write: (line: string) => lines.push(line) } },
  });
});
afterAll(async () => {
  await app.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** POSTs a form whose names may repeat, signed the way Twilio's own library signs repeated parameters. */
async function postPairs(path: string, pairs: [string, string][]) {
  const params: Record<string, string | string[]> = {};
  for (const [name, value] of pairs) params[name] = name in params ? [...([] as string[]).concat(params[name]!), value] : value;
  const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, PUBLIC_URL + path, params as Record<string, string>);
  const res = await app.inject({
    method: 'POST', url: path, payload: new URLSearchParams(pairs).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
  });
  return { status: res.statusCode, json: res.headers['content-type']?.toString().includes('json') ? (res.json() as { error: { code: string; message: string } }) : undefined };
}

describe('a signed webhook that repeats a parameter', () => {
  const sid = `CA${'7'.repeat(32)}`;
  it.each([
    ['/voice', 'From', '+8613800138000'],
    ['/agent/voice', 'From', '+8613800138000'],
    ['/agent/login', 'Digits', '8013'],
    ['/agent/pin?agent=8013', 'Digits', '1234'],
    ['/voice/status', 'CallStatus', 'completed'],
  ])('%s with %s twice is a 400 naming the parameter, not a 500', async (path, name, value) => {
    const res = await postPairs(path, [['CallSid', sid], [name, value], [name, value]]);
    expect(res.status).toBe(400);
    expect(res.json?.error.code).toBe('HOTLINE_BAD_WEBHOOK');
    expect(res.json?.error.message).toContain(`body.${name}`);
  });

  it('still takes the same parameters once each', async () => {
    const res = await postPairs('/voice', [['CallSid', sid], ['From', '+8613800138000']]);
    expect(res.status).toBe(200);
  });
});
