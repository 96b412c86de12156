/**
 * `hotline calibrate` benchmark: a year of a mid-size city's call records (BENCH_RECORDS, default 1,600,000) in a
 * SQLite store, calibrated, beside a plain read of the same file in the same run.
 *
 * 1. Fills (once: the file is cached in the temp dir as hotline-bench-calibrate-<N>.db, reused by later runs; set
 *    BENCH_FILE to keep it elsewhere) a store made by the real store (schema and paging index) with synthetic
 *    records: 365 days from Monday 2026-01-05 (Asia/Shanghai), each day's volume from a weekday factor and a
 *    gamma-like day multiplier, arrivals spread by an office-hours profile, four call types, 5 % redials, two
 *    agent groups, answered and abandoned calls.
 * 2. Exports (once: cached beside the store as hotline-bench-calibrate-<N>.csv) the store's records to a record CSV
 *    as `hotline export` writes it (caller hashes of an older cache's `h…` form made 32-hex, as a CSV requires).
 * 3. Runs each phase in its own child process: `read` (the baseline: `SELECT *` iterated as raw rows, nothing
 *    else), `records` (the store reader's records, as the calibration gets them), `calibrate` (what the command
 *    runs: the records in arrival order through every calibration part, and the scenario's YAML written and
 *    checked by the scenario loader), `csv-records` (the CSV reader's records) and `calibrate-csv` (calibrate
 *    reading the CSV, as `hotline calibrate FILE.csv` does). BENCH_REPEAT (default 3) runs each phase that many
 *    times, interleaved, and keeps each phase's best CPU time.
 * Prints CPU and wall seconds, records/s and each phase's ratio to the baseline. Targets: calibrate under 30 s,
 * calibrate of the CSV under 60 s.
 * Run: `npm run bench:calibrate` (= `node --import tsx bench/calibrate.ts`).
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { readInArrivalOrder } from '../src/cli/calibrate-command.js';
import { csvSource, storeSource } from '../src/cli/kpis-source.js';
import { Calibration } from '../src/planning/calibrate.js';
import { type CallRecord, newCallRecord } from '../src/record/call-record.js';
import { SqliteCallStore } from '../src/store/sqlite-call-store.js';
import { readRecordsCsv } from '../src/store/record-csv-reader.js';
import { recordsCsvText } from '../src/store/record-csv-writer.js';
import { SqliteRecordReader } from '../src/store/sqlite-record-reader.js';
import { RECORD_COLUMNS, recordValues } from '../src/store/sqlite-rows.js';
import { positiveInt } from './bench-settings.js';
import { bestOfInterleaved, measurePhase, phaseArguments, printPhases } from './child-phases.js';

const SELF = fileURLToPath(import.meta.url);
/** 2026-01-05T00:00+08:00, a Monday. */
const START_SEC = Date.UTC(2026, 0, 4, 16) / 1000;
const DAYS = 365;
const FACTORS = [1.2, 1.1, 1.05, 1.0, 1.0, 0.85, 0.8];
const PROFILE = [0.5, 0.3, 0.2, 0.2, 0.3, 0.8, 2, 4, 7, 10, 10, 7, 5, 6.5, 9, 9, 7, 5.5, 4, 3.5, 3, 2.2, 1.5, 1.5];
/** PROFILE's running sums: an hour is drawn as the first whose sum passes a uniform draw of 0..100. */
const CUMULATIVE = PROFILE.map((_, h) => PROFILE.slice(0, h + 1).reduce((a, b) => a + b, 0));
const TYPES = ['consult', 'help', 'complaint', 'suggestion'] as const;

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

/** The day's arrival times, sorted: `count` calls spread by PROFILE within the day. */
function dayArrivals(day: number, count: number, rnd: () => number): number[] {
  const times = Array.from({ length: count }, () => {
    const u = rnd() * 100;
    const at = CUMULATIVE.findIndex((c) => u < c);
    const hour = at < 0 ? 23 : at; // a draw past the rounded sum
    return START_SEC + day * 86_400 + hour * 3600 + Math.floor(rnd() * 3600);
  });
  return times.sort((a, b) => a - b);
}

/** One record arriving at `arrivalSec`. */
function benchRecord(i: number, arrivalSec: number, rnd: () => number): CallRecord {
  const base = newCallRecord({
    callSid: `CA${i.toString(16).padStart(32, '0')}`,
    flowId: 'hotline-12345-direct',
    direction: 'inbound',
    callerHash: `h${Math.floor(rnd() * 400_000)}`,
    arrivalSec,
    language: 'zh',
    lastState: 'queue',
  });
  const callType = TYPES[Math.min(3, Math.floor(rnd() ** 1.5 * 4))]!;
  const attempt = rnd() < 0.05 ? 2 : 1;
  const queueEntrySec = arrivalSec + 20 + Math.floor(rnd() * 30);
  const waitSec = Math.floor(rnd() * 120);
  const agentGroup = rnd() < 0.7 ? 'city' : 'acme';
  const queued = {
    callType,
    attempt,
    ivrExitSec: queueEntrySec,
    queueEntrySec,
    skill: 'general',
    agentGroup,
    pool: agentGroup === 'city' ? 'in-house' : 'outsourced',
  } as const;
  if (rnd() < 0.12)
    return {
      ...base,
      ...queued,
      abandonSec: queueEntrySec + waitSec,
      endSec: queueEntrySec + waitSec,
      outcome: 'abandoned',
    };
  const answerSec = queueEntrySec + waitSec;
  const talkSec = 60 + Math.floor(rnd() * 360);
  return {
    ...base,
    ...queued,
    answerSec,
    endSec: answerSec + talkSec,
    talkSec,
    handleSec: talkSec + 30,
    agentId: `${agentGroup}-${Math.floor(rnd() * 60)}`,
    outcome: 'answered',
    resolved: rnd() < 0.8,
  };
}

/** Fills `file` with about `count` records over DAYS days in one transaction; returns the records written. */
async function fill(file: string, count: number): Promise<number> {
  await new SqliteCallStore(file).close(); // the schema and the paging index, as the server makes them
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  const insert = db.prepare(
    `INSERT INTO call_records (${RECORD_COLUMNS.join(', ')}) VALUES (${RECORD_COLUMNS.map(() => '?').join(', ')})`,
  );
  const rnd = mulberry32(2026);
  const perDay = count / FACTORS.reduce((a, b) => a + b, 0) / (DAYS / 7);
  let i = 0;
  db.transaction(() => {
    for (let day = 0; day < DAYS; day += 1) {
      const noise = 0.85 + 0.3 * rnd();
      const calls = Math.round(perDay * FACTORS[day % 7]! * noise);
      for (const t of dayArrivals(day, calls, rnd)) insert.run(recordValues(benchRecord(i++, t, rnd)));
    }
  })();
  db.close();
  return i;
}

/** The CSV export of the store `file`, cached beside it. */
const csvOf = (file: string): string => `${file.replace(/\.db$/, '')}.csv`;

/** What a CSV source reports (bad rows: none in the export). */
const CSV_DEPS = { stderr: (text: string) => process.stderr.write(text), env: {}, cwd: process.cwd() };

/** A 32-hex caller hash (a CSV refuses anything else): the record's own, or an MD5 of an older cached store's `h…`. */
const hexHash = (hash: string | null): string | null =>
  hash === null || /^[0-9a-f]{32}$/.test(hash) ? hash : createHash('md5').update(hash).digest('hex');

/** Writes the store `file`'s records to `csv` as `hotline export` does (its record CSV); returns the records written. */
function exportCsv(file: string, csv: string): number {
  const partial = `${csv}.partial`;
  const fd = openSync(partial, 'w');
  const reader = new SqliteRecordReader(file);
  let batch: CallRecord[] = [];
  let first = true;
  const flush = () => {
    writeSync(fd, recordsCsvText(batch, first));
    first = false;
    batch = [];
  };
  try {
    const written = reader.visitRecords((r) => {
      batch.push({ ...r, callerHash: hexHash(r.callerHash) });
      if (batch.length === 10_000) flush();
    });
    flush();
    closeSync(fd);
    renameSync(partial, csv);
    return written;
  } catch (error) {
    closeSync(fd);
    rmSync(partial, { force: true });
    throw error;
  } finally {
    reader.close();
  }
}

/** One phase's work, in this (child) process: the records it handled. */
async function phaseWork(phase: string, file: string): Promise<number> {
  if (phase === 'read') {
    let records = 0;
    const db = new Database(file, { readonly: true });
    for (const row of db.prepare('SELECT * FROM call_records').raw().iterate()) if (row !== undefined) records += 1;
    db.close();
    return records;
  }
  if (phase === 'records') {
    const reader = new SqliteRecordReader(file);
    const records = reader.visitRecords(() => undefined);
    reader.close();
    return records;
  }
  if (phase === 'csv-records') {
    let records = 0;
    for await (const r of readRecordsCsv(csvOf(file))) if (r !== undefined) records += 1;
    return records;
  }
  const source = phase === 'calibrate-csv' ? await csvSource(csvOf(file), {}, CSV_DEPS) : storeSource(file);
  const calibration = new Calibration({ source: path.basename(file) });
  await readInArrivalOrder([{ name: file, source }], {}, (r) => calibration.add(r));
  const outcome = calibration.result();
  if (!outcome.yaml.includes('calls_per_day')) throw new Error('no demand fitted');
  return outcome.summary.records;
}

async function mainBench(): Promise<void> {
  const count = positiveInt('BENCH_RECORDS', 1_600_000);
  const file = process.env.BENCH_FILE ?? path.join(os.tmpdir(), `hotline-bench-calibrate-${count}.db`);
  if (!existsSync(file)) {
    const started = performance.now();
    try {
      const written = await fill(file, count);
      console.log(
        `filled ${written.toLocaleString('en-US')} records in ${((performance.now() - started) / 1000).toFixed(1)} s (${file}, kept for the next run)`,
      );
    } catch (error) {
      rmSync(file, { force: true });
      throw error;
    }
  } else console.log(`reusing ${file}`);
  const csv = csvOf(file);
  if (!existsSync(csv)) {
    const started = performance.now();
    const written = exportCsv(file, csv);
    console.log(
      `exported ${written.toLocaleString('en-US')} records to CSV in ${((performance.now() - started) / 1000).toFixed(1)} s (${csv}, kept for the next run)`,
    );
  } else console.log(`reusing ${csv}`);
  const phases: [string, string][] = [
    ['read', 'plain streaming read (baseline)'],
    ['records', 'store reader, records built'],
    ['calibrate', 'hotline calibrate'],
    ['csv-records', 'CSV reader, records built'],
    ['calibrate-csv', 'hotline calibrate of the CSV'],
  ];
  const repeat = positiveInt('BENCH_REPEAT', 3);
  const best = bestOfInterleaved(
    SELF,
    phases.map(([phase]) => phase),
    file,
    repeat,
  );
  console.log(`best CPU time of ${repeat} interleaved runs per phase (wall time of that run beside it)`);
  printPhases(phases, best, 'read');
  const calibrate = best.get('calibrate')!;
  console.log(
    `target: calibrate under 30 s: ${calibrate.sec < 30 ? 'met' : 'MISSED'} (${calibrate.sec.toFixed(1)} s wall, ${((calibrate.cpuSec / calibrate.records) * 1e6).toFixed(1)} µs CPU per record)`,
  );
  const fromCsv = best.get('calibrate-csv')!;
  console.log(
    `target: calibrate of the CSV under 60 s: ${fromCsv.sec < 60 ? 'met' : 'MISSED'} (${fromCsv.sec.toFixed(1)} s wall, ${((fromCsv.cpuSec / fromCsv.records) * 1e6).toFixed(1)} µs CPU per record)`,
  );
}

const child = phaseArguments();
if (child) console.log(JSON.stringify(await measurePhase(() => phaseWork(child.phase, child.file))));
else await mainBench();
