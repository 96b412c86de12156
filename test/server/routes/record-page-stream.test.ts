import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import direct from '../../../flows/hotline-12345-direct.js';
import { newCallRecord, type CallOutcome, type CallRecord } from '../../../src/record/call-record.js';
import { encodeCursor } from '../../../src/server/routes/admin-calls-query.js';
import { buildApp } from '../../../src/server/app.js';
import { PAGE_SLICE_RECORDS } from '../../../src/server/routes/record-page-stream.js';
import type { CallStore, RecordPageQuery, RecordPageReader } from '../../../src/store/call-store.js';
import { MemoryCallStore } from '../../../src/store/memory-call-store.js';
import { SqliteCallStore } from '../../../src/store/sqlite-call-store.js';
import { recordPageSql } from '../../../src/store/sqlite-record-pages.js';
import { AUTH_TOKEN, PUBLIC_URL, callParams, sign } from '../../helpers/signed-client.js';

const COUNT = 12_000;
const START = 1_795_000_000;
const OUTCOMES: CallOutcome[] = ['answered', 'abandoned', 'ivr-hangup', 'self-service'];
const dir = mkdtempSync(join(tmpdir(), 'hotline-admin-stream-'));
let store: SqliteCallStore;
let app: FastifyInstance;
let base: string;
const records: CallRecord[] = Array.from({ length: COUNT }, (_, i) => ({
  ...newCallRecord({
    callSid: `CA${((i * 7919) % COUNT).toString(16).padStart(32, '0')}`,
    flowId: 'f',
    direction: 'inbound',
    callerHash: null,
    arrivalSec: START + Math.floor(i / 3),
    language: 'cmn-CN',
    lastState: 'end',
  }),
  // One voicemail in 1,500: a filtered page of them spans several 5,000-row scans and many empty slices.
  outcome: i % 1500 === 11 ? 'voicemail' : OUTCOMES[i % 4]!,
  pool: i % 3 === 0 ? ('outsourced' as const) : ('in-house' as const),
}));

/** What the page's body was before streaming: JSON.stringify of the whole page object. */
async function wholePage(source: CallStore, query: RecordPageQuery): Promise<string> {
  const page = await source.listRecordsPage(query);
  return JSON.stringify({ calls: page.records, nextCursor: page.next === null ? null : encodeCursor(page.next) });
}

/**
 * What the test holds the page reader to: slices after the first wait for
 * `open()`, and every slice read is logged in `events`.
 */
class Gate {
  readonly events: string[] = [];
  reads = 0;
  failAt = 0;
  private opened: Promise<void>;
  open!: () => void;
  constructor() {
    this.opened = new Promise((resolve) => {
      this.open = resolve;
    });
  }
  wrap(reader: RecordPageReader): RecordPageReader {
    return {
      read: async (max) => {
        this.reads += 1;
        const n = this.reads;
        if (n > 1) await this.opened;
        if (n === this.failAt) throw new Error('disk I/O error (injected)');
        const slice = await reader.read(max);
        this.events.push(`slice ${n}`);
        return slice;
      },
      get done() {
        return reader.done;
      },
      get next() {
        return reader.next;
      },
    };
  }
}

let gate: Gate | null = null;

beforeAll(async () => {
  store = new SqliteCallStore(join(dir, 'calls.db'));
  await Promise.all(records.map((r) => store.putRecord(r)));
  // The app's store: the real one, but its page readers pass through the current gate, when a test sets one.
  const gated = new Proxy(store, {
    get(target, key) {
      if (key === 'openRecordPage')
        return async (query: RecordPageQuery) =>
          gate ? gate.wrap(await target.openRecordPage(query)) : target.openRecordPage(query);
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  app = await buildApp({ flow: direct, store: gated, publicUrl: PUBLIC_URL, authToken: AUTH_TOKEN, logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
}, 60_000);

afterAll(async () => {
  await app.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function webhook(callSid: string): Promise<number> {
  const params = callParams(callSid);
  const res = await fetch(`${base}/voice`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': sign('/voice', params) },
    body: new URLSearchParams(params).toString(),
  });
  await res.text();
  return res.status;
}

describe('GET /admin/calls streamed in slices', () => {
  it('gives byte for byte the body of the whole page, for plain, time-bounded and filtered pages', async () => {
    const queries: RecordPageQuery[] = [
      { after: null, limit: 1000 },
      { after: null, limit: 100 },
      { after: null, limit: 1 },
      { after: { arrivalSec: START + 10, callSid: records[31]!.callSid }, limit: 999 },
      { after: null, limit: 1000, fromSec: START + 100, toSec: START + 500 },
      { after: null, limit: 1000, outcome: 'abandoned', pool: 'outsourced' },
      { after: null, limit: 1000, outcome: 'voicemail' },
      { after: null, limit: 3, outcome: 'voicemail', fromSec: START + 1000 },
      { after: null, limit: 1000, fromSec: START + COUNT },
      // A cursor before `from`: the page starts at `from`.
      {
        after: { arrivalSec: START + 5, callSid: records[15]!.callSid },
        limit: 50,
        fromSec: START + 200,
        toSec: START + 210,
      },
    ];
    const sorted = records.slice().sort((a, b) => a.arrivalSec - b.arrivalSec || (a.callSid < b.callSid ? -1 : 1));
    const early = (await store.listRecordsPage(queries[queries.length - 1]!)).records.map((r) => r.callSid);
    expect(early).toEqual(
      sorted.filter((r) => r.arrivalSec >= START + 200 && r.arrivalSec < START + 210).map((r) => r.callSid),
    );
    for (const query of queries) {
      const params = new URLSearchParams({ limit: String(query.limit) });
      if (query.after) params.set('cursor', encodeCursor(query.after));
      if (query.fromSec !== undefined) params.set('from', String(query.fromSec));
      if (query.toSec !== undefined) params.set('to', String(query.toSec));
      if (query.outcome) params.set('outcome', query.outcome);
      if (query.pool) params.set('pool', query.pool);
      const res = await fetch(`${base}/admin/calls?${params.toString()}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(await res.text(), params.toString()).toBe(await wholePage(store, query));
    }
  }, 60_000);

  it('bounds every page and slice query by one index range with both ends, so a rare filter never walks to the end of the table', () => {
    const db = new Database(join(dir, 'calls.db'), { readonly: true });
    try {
      for (const kind of ['page', 'bound'] as const) {
        for (const endIncluded of [false, true]) {
          const plan = (
            db.prepare(`EXPLAIN QUERY PLAN ${recordPageSql(kind, ['call_sid', 'outcome'], endIncluded)}`).all({
              lowSec: 0,
              lowSid: '',
              endSec: 1,
              endSid: '',
              outcome: 'voicemail',
              pool: null,
              limit: 1,
              offset: 0,
            }) as { detail: string }[]
          )
            .map((row) => row.detail)
            .join('; ');
          expect(plan, `${kind} ${endIncluded}`).toMatch(
            /USING (COVERING )?INDEX call_records_arrival \(\(arrival_sec,call_sid\)>\(\?,\?\) AND \(arrival_sec,call_sid\)<=?\(\?,\?\)\)/,
          );
        }
      }
    } finally {
      db.close();
    }
  });

  it("reads the memory store's page in slices too, with the same records and next cursor", async () => {
    const memory = new MemoryCallStore();
    for (const r of records.slice(0, 2500)) await memory.putRecord(r);
    for (const query of [
      { after: null, limit: 1000 },
      { after: null, limit: 1000, outcome: 'answered' as const, pool: 'in-house' as const },
      { after: null, limit: 1000, fromSec: START + 700 },
    ]) {
      const reader = await memory.openRecordPage(query);
      const seen: CallRecord[] = [];
      let slices = 0;
      while (!reader.done) {
        seen.push(...(await reader.read(PAGE_SLICE_RECORDS)));
        slices += 1;
      }
      const page = await memory.listRecordsPage(query);
      expect(seen).toEqual(page.records);
      expect(reader.next).toEqual(page.next);
      expect(slices).toBeGreaterThan(1);
    }
  });

  it('answers a webhook that arrives while a 1,000-record page is being written, before the page ends', async () => {
    gate = new Gate();
    try {
      const res = await fetch(`${base}/admin/calls?limit=1000`);
      const body = res.body!.getReader();
      const decoder = new TextDecoder();
      // The first slice is on the wire before the second is read.
      let text = decoder.decode((await body.read()).value, { stream: true });
      expect(text.startsWith('{"calls":[')).toBe(true);
      expect(gate.events).toEqual(['slice 1']);
      expect(await webhook(`CA${'ab'.repeat(16)}`)).toBe(200);
      gate.events.push('webhook answered');
      gate.open();
      for (let chunk = await body.read(); !chunk.done; chunk = await body.read())
        text += decoder.decode(chunk.value, { stream: true });
      gate.events.push('page ended');
      const page = JSON.parse(text) as { calls: CallRecord[]; nextCursor: string };
      expect(page.calls.map((c) => c.callSid)).toEqual(
        records
          .slice()
          .sort((a, b) => a.arrivalSec - b.arrivalSec || (a.callSid < b.callSid ? -1 : 1))
          .slice(0, 1000)
          .map((r) => r.callSid),
      );
      expect(page.nextCursor).toBe(encodeCursor(page.calls[999]!));
      expect(gate.events).toEqual([
        'slice 1',
        'webhook answered',
        ...Array.from({ length: 9 }, (_, i) => `slice ${i + 2}`),
        'page ended',
      ]);
    } finally {
      gate = null;
    }
  }, 60_000);

  it('stops reading a page whose client went away, and goes on answering', async () => {
    const current = (gate = new Gate());
    try {
      const closed = new Promise<void>((resolve) => {
        app.server.prependOnceListener('request', (_req, res: http.ServerResponse) =>
          res.once('close', () => resolve()),
        );
      });
      await new Promise<void>((resolve, reject) => {
        const req = http.get(`${base}/admin/calls?limit=1000`, (res) => {
          res.once('data', () => {
            req.destroy();
            resolve();
          });
        });
        req.on('error', (error) => {
          if (!req.destroyed) reject(error);
        });
      });
      await closed;
      current.open();
      // The slice held at the gate resolves into a destroyed stream: no further slice is read.
      await vi.waitFor(() => expect(current.events).toEqual(['slice 1', 'slice 2']));
      gate = null;
      expect(await webhook(`CA${'cd'.repeat(16)}`)).toBe(200);
      const next = await fetch(`${base}/admin/calls?limit=1000`);
      expect(((await next.json()) as { calls: unknown[] }).calls).toHaveLength(1000);
      expect(current.reads).toBe(2);
    } finally {
      gate = null;
    }
  }, 60_000);

  it('cuts the response when the store fails mid-page, so the body never parses as a complete page', async () => {
    const current = (gate = new Gate());
    current.failAt = 3;
    current.open();
    try {
      const res = await fetch(`${base}/admin/calls?limit=1000`);
      expect(res.status).toBe(200);
      await expect(res.text()).rejects.toThrow();
      gate = null;
      expect(await webhook(`CA${'ef'.repeat(16)}`)).toBe(200);
      expect((await fetch(`${base}/admin/calls?limit=10`)).status).toBe(200);
    } finally {
      gate = null;
    }
  }, 60_000);
});
