import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import direct from '../../../flows/hotline-12345-direct.js';
import { CALL_OUTCOMES, newCallRecord, type CallOutcome, type CallRecord } from '../../../src/record/call-record.js';
import { buildApp } from '../../../src/server/app.js';
import { SqliteCallStore } from '../../../src/store/sqlite-call-store.js';
import { RECORD_SCAN_ROWS } from '../../../src/store/sqlite-record-pages.js';
import { AUTH_TOKEN, PUBLIC_URL } from '../../helpers/signed-client.js';

const COUNT = 20_000;
const START = 1_795_000_000;
const OUTCOMES: CallOutcome[] = ['answered', 'abandoned', 'ivr-hangup', 'self-service'];
const dir = mkdtempSync(join(tmpdir(), 'hotline-admin-calls-'));
let store: SqliteCallStore;
let app: FastifyInstance;
let base: string;
let all: CallRecord[];

beforeAll(async () => {
  store = new SqliteCallStore(join(dir, 'calls.db'));
  all = Array.from({ length: COUNT }, (_, i) => ({
    // Two calls a second, CallSids not in arrival order; one voicemail and one timed-out call in 2,500 (rarer than a filtered page's scan bound).
    ...newCallRecord({
      callSid: `CA${((i * 7919) % COUNT).toString(16).padStart(32, '0')}`,
      flowId: 'f',
      direction: 'inbound',
      callerHash: null,
      arrivalSec: START + Math.floor(i / 2),
      language: 'cmn-CN',
      lastState: 'end',
    }),
    outcome: i % 2500 === 7 ? 'voicemail' : i % 2500 === 11 ? 'timed-out' : OUTCOMES[i % 4]!,
    pool: i % 3 === 0 ? ('outsourced' as const) : ('in-house' as const),
  }));
  await Promise.all(all.map((r) => store.putRecord(r)));
  all.sort((a, b) => a.arrivalSec - b.arrivalSec || (a.callSid < b.callSid ? -1 : 1));
  app = await buildApp({ flow: direct, store, publicUrl: PUBLIC_URL, authToken: AUTH_TOKEN });
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
}, 60_000);

afterAll(async () => {
  await app.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function get(query: string) {
  const res = await fetch(`${base}/admin/calls${query}`);
  return {
    status: res.status,
    body: (await res.json()) as {
      calls: CallRecord[];
      nextCursor: string | null;
      error?: { code: string; message: string };
    },
  };
}

/** Every page of a query, as the callSids each held. */
async function pages(query: Record<string, string>): Promise<string[][]> {
  const out: string[][] = [];
  let cursor: string | null = null;
  do {
    const { status, body } = await get(
      `?${new URLSearchParams({ ...query, ...(cursor ? { cursor } : {}) }).toString()}`,
    );
    expect(status).toBe(200);
    out.push(body.calls.map((c) => c.callSid));
    cursor = body.nextCursor;
  } while (cursor !== null && out.length < 10_000);
  return out;
}

describe('GET /admin/calls', () => {
  it('pages through every record exactly once, in arrival order, 100 a page by default', async () => {
    const first = await get('');
    expect(first.body.calls).toHaveLength(100);
    expect(first.body.calls[0]).toEqual(all[0]);
    const seen = await pages({ limit: '1000' });
    expect(seen).toHaveLength(COUNT / 1000 + 1);
    expect(seen.flat()).toEqual(all.map((r) => r.callSid));
  }, 60_000);

  it('filters by arrival time (Unix seconds or ISO 8601), outcome and pool', async () => {
    const fromSec = START + 1000;
    const toSec = START + 3000;
    const want = (keep: (r: CallRecord) => boolean) => all.filter(keep).map((r) => r.callSid);
    expect((await pages({ from: String(fromSec), to: String(toSec), limit: '333' })).flat()).toEqual(
      want((r) => r.arrivalSec >= fromSec && r.arrivalSec < toSec),
    );
    const iso = new Date(fromSec * 1000).toISOString();
    expect((await pages({ from: iso, outcome: 'abandoned', pool: 'outsourced' })).flat()).toEqual(
      want((r) => r.arrivalSec >= fromSec && r.outcome === 'abandoned' && r.pool === 'outsourced'),
    );
  }, 60_000);

  it('ends a filtered page short after a bounded scan, and still finds every rare match', async () => {
    const seen = await pages({ outcome: 'voicemail' });
    expect(seen.flat()).toEqual(all.filter((r) => r.outcome === 'voicemail').map((r) => r.callSid));
    expect(seen.length).toBeGreaterThanOrEqual(COUNT / RECORD_SCAN_ROWS);
  }, 60_000);

  it('filters by every record outcome, timed-out (closed by housekeeping) included', async () => {
    for (const outcome of CALL_OUTCOMES) {
      const res = await get(`?outcome=${outcome}&limit=1`);
      expect(res.status, outcome).toBe(200);
    }
    const seen = await pages({ outcome: 'timed-out', limit: '1000' });
    expect(seen.flat()).toEqual(all.filter((r) => r.outcome === 'timed-out').map((r) => r.callSid));
    expect(seen.flat()).toHaveLength(COUNT / 2500);
  }, 60_000);

  it('answers a bad query with 400 and a message naming the parameter', async () => {
    for (const [query, pattern] of [
      ['?limit=5000', /limit: must be at most 1000/],
      ['?limit=0', /limit/],
      ['?limit=ten', /limit: must be a whole number/],
      ['?outcome=lost', /outcome/],
      ['?pool=vendor', /pool/],
      ['?from=yesterday', /from: "yesterday" is neither Unix seconds/],
      ['?from=200&to=100', /from must be before to/],
      ['?sort=desc', /sort/],
      ['?cursor=bm9wZQ', /cursor is not one this server handed out/],
    ] as const) {
      const res = await get(query);
      expect(res.status, query).toBe(400);
      expect(res.body.error?.code, query).toBe('HOTLINE_ADMIN_QUERY_INVALID');
      expect(res.body.error?.message, query).toMatch(pattern);
    }
  });

  it('answers one call by CallSid, 404 for a call it has no record of, 400 for a malformed CallSid', async () => {
    const one = all[1234]!;
    const found = await fetch(`${base}/admin/calls/${one.callSid}`);
    expect(found.status).toBe(200);
    expect(((await found.json()) as { call: CallRecord }).call).toEqual(one);
    const missing = await fetch(`${base}/admin/calls/CA${'f'.repeat(32)}`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('HOTLINE_UNKNOWN_CALL');
    expect((await fetch(`${base}/admin/calls/not-a-sid`)).status).toBe(400);
  });
});
