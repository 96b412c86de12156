import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import menu from '../../flows/hotline-12345-menu.js';
import { serveSettings } from '../../src/cli/server-config.js';
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
    flow: menu,
    store,
    publicUrl: PUBLIC_URL,
    authToken: AUTH_TOKEN,
    lookups: { caseStatus: testCaseLookup },
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
  for (const [name, value] of pairs)
    params[name] = name in params ? [...([] as string[]).concat(params[name]!), value] : value;
  const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, PUBLIC_URL + path, params as Record<string, string>);
  const res = await app.inject({
    method: 'POST',
    url: path,
    payload: new URLSearchParams(pairs).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
  });
  return {
    status: res.statusCode,
    json: res.headers['content-type']?.toString().includes('json')
      ? (res.json() as { error: { code: string; message: string } })
      : undefined,
  };
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
    const res = await postPairs(path, [
      ['CallSid', sid],
      [name, value],
      [name, value],
    ]);
    expect(res.status).toBe(400);
    expect(res.json?.error.code).toBe('HOTLINE_BAD_WEBHOOK');
    expect(res.json?.error.message).toContain(`body.${name}`);
  });

  it('still takes the same parameters once each', async () => {
    const res = await postPairs('/voice', [
      ['CallSid', sid],
      ['From', '+8613800138000'],
    ]);
    expect(res.status).toBe(200);
  });
});

describe('big unsigned bodies are refused before they are parsed and hashed', () => {
  const unsigned = (path: string, payload: string, contentType = 'application/x-www-form-urlencoded') =>
    app.inject({
      method: 'POST',
      url: path,
      payload,
      headers: { 'content-type': contentType, 'x-twilio-signature': 'A'.repeat(28) },
    });

  it('a form of a megabyte (120,000 fields) is a 400 "too large", not a second of sorting and hashing in the signature check', async () => {
    const form = Array.from({ length: 120_000 }, (_, i) => `k${i}=`)
      .join('&')
      .slice(0, 1_000_000);
    const res = await unsigned('/voice', form);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('HOTLINE_BODY_UNREADABLE');
    expect(res.json().error.message).toMatch(/too large/);
  });

  it('a form under the size limit with thousands of fields is a 400 naming the count', async () => {
    const res = await unsigned('/voice', Array.from({ length: 1000 }, (_, i) => `k${i}=`).join('&'));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('1000 fields');
  });

  it('a megabyte of JSON to an admin route or a route that does not exist is a 400 "too large"', async () => {
    for (const [method, url] of [
      ['PUT', '/admin/agents/1'],
      ['POST', '/nowhere'],
    ] as const) {
      const res = await app.inject({
        method,
        url,
        payload: `[${'1,'.repeat(500_000)}1]`,
        headers: { 'content-type': 'application/json' },
      });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.code, url).toBe('HOTLINE_BODY_UNREADABLE');
      expect(res.json().error.message).toMatch(/too large/);
    }
  });

  it('a signed webhook of ordinary size with a long SpeechResult is still served', async () => {
    const res = await postPairs('/voice', [
      ['CallSid', `CA${'8'.repeat(32)}`],
      ['SpeechResult', '着火了'.repeat(2000)],
    ]);
    expect(res.status).toBe(200);
  });
});

describe('the token-less admin API on a loopback server', () => {
  /** GET /admin/agents over a real socket to `port`, with `host` as the Host header. */
  const getAgents = (port: number, host: string) =>
    new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/admin/agents', headers: { host } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end();
    });

  it('refuses a request for another host name (DNS rebinding, a TCP tunnel), and answers one addressed to this machine', async () => {
    const local = await buildApp({
      flow: menu,
      store,
      publicUrl: PUBLIC_URL,
      authToken: AUTH_TOKEN,
      lookups: { caseStatus: testCaseLookup },
    });
    await local.listen({ host: '127.0.0.1', port: 0 });
    const port = (local.server.address() as AddressInfo).port;
    try {
      for (const host of [
        `attacker.example:${port}`,
        'attacker.example',
        `127.0.0.1.nip.io:${port}`,
        `localhost.attacker.example:${port}`,
      ]) {
        expect(await getAgents(port, host), host).toBe(401);
      }
      for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, '127.0.0.1'])
        expect(await getAgents(port, host), host).toBe(200);
    } finally {
      await local.close();
    }
  });
});

describe('an admin token that no request could carry', () => {
  it('is refused at start-up: a stray CR or newline from a file, a space, a non-ASCII character', () => {
    const token = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
    for (const bad of [
      `${token}\r`,
      `${token}\n`,
      ` ${token}`,
      `${token.slice(0, 16)} ${token.slice(16)}`,
      `${token}密`,
    ]) {
      expect(
        () => serveSettings({}, { TWILIO_AUTH_TOKEN: 't', HOTLINE_ADMIN_TOKEN: bad }, dir),
        JSON.stringify(bad),
      ).toThrow(/HOTLINE_ADMIN_TOKEN holds a space, a control character/);
    }
    expect(serveSettings({}, { TWILIO_AUTH_TOKEN: 't', HOTLINE_ADMIN_TOKEN: token }, dir).adminToken).toBe(token);
  });

  it('a Twilio Auth Token with a stray CR or a blank is refused at start-up (every signature would fail as 403)', () => {
    for (const bad of ['0123456789abcdef0123456789abcdef\r', ' 0123456789abcdef0123456789abcdef']) {
      expect(() => serveSettings({}, { TWILIO_AUTH_TOKEN: bad }, dir), JSON.stringify(bad)).toThrow(
        /TWILIO_AUTH_TOKEN holds a space, a control character/,
      );
    }
  });
});

describe('a PUBLIC_URL that is not http(s)', () => {
  it('is refused at start-up naming the value (signatures over it would all fail)', () => {
    for (const url of ['javascript:alert(1)', 'ftp://hotline.example.cn', 'hotline.example.cn:443']) {
      expect(
        () =>
          serveSettings(
            { publicUrl: url },
            {
              TWILIO_AUTH_TOKEN: 't',
              HOTLINE_ADMIN_TOKEN: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
              HOTLINE_HASH_SALT: 'k'.repeat(32),
            },
            dir,
          ),
        url,
      ).toThrow(/is not an http\(s\) URL/);
    }
  });
});

describe("a public server's hash key file", () => {
  it("is refused in the database's folder (the default spot beside it, named explicitly), accepted elsewhere", () => {
    const env = {
      TWILIO_AUTH_TOKEN: 't',
      HOTLINE_ADMIN_TOKEN: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
      PUBLIC_URL: 'https://hotline.example.cn',
    };
    for (const keyFile of ['data/hotline.db.hash-key', 'data/keys/hash-key']) {
      expect(() => serveSettings({}, { ...env, HOTLINE_HASH_KEY_FILE: keyFile }, dir), keyFile).toThrow(
        /HOTLINE_HASH_KEY_FILE .* is in the database's folder/,
      );
    }
    expect(serveSettings({}, { ...env, HOTLINE_HASH_KEY_FILE: 'secrets/hash-key' }, dir).hashKeyFile).toBe(
      join(dir, 'secrets', 'hash-key'),
    );
  });
});

describe('an empty signing key', () => {
  it('an empty or short local token file is refused at start-up, not used as a key anyone can compute signatures with', () => {
    for (const content of ['', '\n', 'abc\n']) {
      const cwd = mkdtempSync(join(tmpdir(), 'hotline-empty-token-'));
      mkdirSync(join(cwd, 'data'));
      writeFileSync(join(cwd, 'data', 'local-auth-token'), content, { mode: 0o600 });
      expect(() => serveSettings({}, {}, cwd), JSON.stringify(content)).toThrow(
        /local auth token file .* Delete the file/,
      );
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  it('buildApp refuses an empty auth token unless signatures are explicitly skipped', async () => {
    await expect(
      buildApp({ flow: menu, store, publicUrl: PUBLIC_URL, authToken: '', lookups: { caseStatus: testCaseLookup } }),
    ).rejects.toMatchObject({ code: 'HOTLINE_AUTH_TOKEN_INVALID' });
    const skipping = await buildApp({
      flow: menu,
      store,
      publicUrl: PUBLIC_URL,
      authToken: '',
      insecureSkipSignature: true,
      lookups: { caseStatus: testCaseLookup },
    });
    await skipping.close();
  });
});
