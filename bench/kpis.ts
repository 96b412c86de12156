/**
 * `hotline kpis` benchmark: how long the KPIs of BENCH_RECORDS call records (default 1,000,000) take from a
 * SQLite store, beside a plain streaming read of the same file in the same run.
 *
 * 1. Fills a SQLite file made by the real store (schema and paging index) with the records, in one transaction
 *    with one prepared statement and the store's own row helper (recordValues): three months of calls, four agent
 *    groups, 200,000 callers (so some call again within a week), answered, abandoned and IVR-only calls.
 * 2. Runs each phase in its own child process, so each peak RSS is its own: `read` (the baseline: a plain
 *    streaming read of the same file, `SELECT *` iterated as raw rows with better-sqlite3, nothing else),
 *    `records` (the store reader's records, as every phase below gets them), `kpis` (`hotline kpis`'s core,
 *    kpisOfStore), `kpis --by day --by group`, and `kpis --out` (the command's report and the supervision
 *    report's views, one pass: what `hotline kpis --out DIR` computes before it renders).
 *    BENCH_REPEAT (default 3) runs each phase that many times, interleaved, and keeps each phase's best CPU time.
 * BENCH_RECORDS sets the count, BENCH_FILE keeps the file for another run (filled only when missing).
 * Prints CPU and wall seconds, records/s, peak RSS (resourceUsage().maxRSS) and each phase's ratio to the baseline. Target:
 * under 5 s for 1,000,000 records. Run: `npm run bench:kpis` (= `node --import tsx bench/kpis.ts`).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import type { KpiGroupKey } from '../src/analysis/kpi-groups.js';
import { kpisOfStore } from '../src/cli/kpis-source.js';
import { type CallRecord, newCallRecord } from '../src/record/call-record.js';
import { SqliteCallStore } from '../src/store/sqlite-call-store.js';
import { SqliteRecordReader } from '../src/store/sqlite-record-reader.js';
import { RECORD_COLUMNS, recordValues } from '../src/store/sqlite-rows.js';
import { SupervisionDataBuilder } from '../src/report/supervision-data.js';
import { positiveInt } from './bench-settings.js';
import { bestOfInterleaved, measurePhase, phaseArguments, printPhases } from './child-phases.js';

const SELF = fileURLToPath(import.meta.url);
/** 2026-01-01T00:00+08:00. */
const START_SEC = 1_767_196_800;
const SPAN_SEC = 90 * 86_400;
const GROUPS = ['city', 'acme', 'bestcall', 'northstar'] as const;

/** A deterministic pseudo-random stream (mulberry32), so every run writes the same file. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The i-th of `count` records, arrivals spread evenly over SPAN_SEC. */
function benchRecord(i: number, count: number, rnd: () => number): CallRecord {
  const arrivalSec = START_SEC + Math.floor((i * SPAN_SEC) / count);
  const base = newCallRecord({
    callSid: `CA${i.toString(16).padStart(32, '0')}`,
    flowId: 'hotline-12345-direct',
    direction: 'inbound',
    callerHash: `h${Math.floor(rnd() * 200_000)}`,
    arrivalSec,
    language: 'zh',
    lastState: 'queue',
  });
  const u = rnd();
  if (u < 0.1) return { ...base, ivrExitSec: arrivalSec + 20, endSec: arrivalSec + 20, outcome: 'self-service' };
  const queueEntrySec = arrivalSec + 10 + Math.floor(rnd() * 30);
  const waitSec = Math.floor(rnd() * 90);
  const agentGroup = GROUPS[Math.floor(rnd() * GROUPS.length)]!;
  const queuedFields = { ivrExitSec: queueEntrySec, queueEntrySec, skill: 'general', agentGroup } as const;
  const pool = agentGroup === 'city' ? 'in-house' : 'outsourced';
  if (u < 0.2) {
    const abandonSec = queueEntrySec + waitSec;
    return { ...base, ...queuedFields, pool, abandonSec, endSec: abandonSec, outcome: 'abandoned' };
  }
  const answerSec = queueEntrySec + waitSec;
  const talkSec = 60 + Math.floor(rnd() * 300);
  const invited = rnd() < 0.8;
  return {
    ...base,
    ...queuedFields,
    pool,
    answerSec,
    endSec: answerSec + talkSec,
    talkSec,
    handleSec: talkSec + 30,
    agentId: `${agentGroup}-${Math.floor(rnd() * 50)}`,
    outcome: 'answered',
    surveyInvited: invited,
    rating: invited && rnd() < 0.6 ? 1 + Math.floor(rnd() * 5) : null,
  };
}

/** Fills `file` with `count` records in one transaction; returns seconds taken. */
async function fill(file: string, count: number): Promise<number> {
  await new SqliteCallStore(file).close(); // the schema and the paging index, as the server makes them
  const started = performance.now();
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  const insert = db.prepare(
    `INSERT INTO call_records (${RECORD_COLUMNS.join(', ')}) VALUES (${RECORD_COLUMNS.map(() => '?').join(', ')})`,
  );
  const rnd = mulberry32(12345);
  db.transaction(() => {
    for (let i = 0; i < count; i += 1) insert.run(recordValues(benchRecord(i, count, rnd)));
  })();
  db.close();
  return (performance.now() - started) / 1000;
}

/** One phase's work, in this (child) process: the records it handled. */
function phaseWork(phase: string, file: string): number {
  let records = 0;
  if (phase === 'idle') {
    // The same modules loaded, nothing read: the floor of the peak RSS.
  } else if (phase === 'read') {
    const db = new Database(file, { readonly: true });
    for (const row of db.prepare('SELECT * FROM call_records').raw().iterate()) if (row !== undefined) records += 1;
    db.close();
  } else if (phase === 'records') {
    const reader = new SqliteRecordReader(file);
    let latestSec = 0;
    records = reader.visitRecords((r) => {
      if (r.arrivalSec > latestSec) latestSec = r.arrivalSec;
    });
    reader.close();
    if (latestSec === 0) throw new Error('no records read');
  } else if (phase === 'kpis-out') {
    const views = new SupervisionDataBuilder({ sortedByArrival: true }, false);
    const report = kpisOfStore(file, {}, (r) => views.add(r));
    const data = views.result(report);
    records = report.window.records;
    if (data.byGroup.kpis.repeatCallers !== report.kpis.repeatCallers) throw new Error('views and report differ');
  } else {
    const by = (phase === 'kpis-by' ? ['day', 'group'] : []) as KpiGroupKey[];
    const report = kpisOfStore(file, { by });
    records = report.window.records;
    if (report.kpis.arrivals !== records) throw new Error('arrivals and records differ');
  }
  return records;
}

async function mainBench(): Promise<void> {
  const count = positiveInt('BENCH_RECORDS', 1_000_000);
  // BENCH_FILE keeps the file (filled once, when missing) for repeated runs; by default a temp file is removed.
  const kept = process.env.BENCH_FILE;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hotline-bench-kpis-'));
  try {
    const file = kept ?? path.join(dir, 'calls.db');
    if (kept === undefined || !existsSync(kept)) {
      const fillSec = await fill(file, count);
      console.log(`filled ${count.toLocaleString('en-US')} records in ${fillSec.toFixed(1)} s (${file})`);
    }
    const phases: [string, string][] = [
      ['idle', 'idle process, same modules'],
      ['read', 'plain streaming read (baseline)'],
      ['records', 'store reader, records built'],
      ['kpis', 'hotline kpis'],
      ['kpis-by', 'hotline kpis --by day --by group'],
      ['kpis-out', 'hotline kpis --out (views, no HTML)'],
    ];
    const repeat = positiveInt('BENCH_REPEAT', 3);
    const best = bestOfInterleaved(
      SELF,
      phases.map(([phase]) => phase),
      file,
      repeat,
    );
    console.log(`best CPU time of ${repeat} interleaved runs per phase (wall time of that run beside it)`);
    printPhases(phases, best, 'read', ['idle']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const child = phaseArguments();
if (child) console.log(JSON.stringify(await measurePhase(() => phaseWork(child.phase, child.file))));
else await mainBench();
