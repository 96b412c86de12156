import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteCallStore } from '../../src/store/sqlite-call-store.js';
import { ROOT } from '../helpers/run-cli.js';

const BIN = join(ROOT, 'bin', 'hotline.js');
const dir = mkdtempSync(join(tmpdir(), 'hotline-serve-faults-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `hotline serve` until it exits by itself, or kills it after `limitMs` (then code is null). */
function serve(args: string[], limitMs: number): Promise<{ code: number | null; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'serve', '--host', '127.0.0.1', '--port', '0', ...args], {
      cwd: dir,
      env: { PATH: process.env.PATH, TWILIO_AUTH_TOKEN: 'serve-faults-token-0123456789abcd' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      err += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, err });
    });
  });
}

describe('`hotline serve` failing after it started listening', () => {
  it('a damaged call session found by the start-up sweep: one coded line naming the call, exit 2, and the process ends', async () => {
    const db = join(dir, 'damaged.db');
    await new SqliteCallStore(db).close();
    const raw = new Database(db);
    raw
      .prepare(
        "INSERT INTO call_records (call_sid, flow_id, direction, arrival_sec, attempt, language, callback_requested, last_state) VALUES ('CA1', 'hotline-12345-direct', 'inbound', 1000, 1, 'cmn-CN', 0, 'welcome')",
      )
      .run();
    raw
      .prepare(
        "INSERT INTO call_sessions (call_sid, flow_id, snapshot, turn, heard_hold, marks) VALUES ('CA1', 'hotline-12345-direct', '{not json', 1, 0, '[]')",
      )
      .run();
    raw.close();
    const run = await serve(['--db', db], 60_000);
    expect(run.code, `serve still running after 60 s: ${run.err}`).toBe(2);
    expect(run.err).toMatch(/^hotline: HOTLINE_STORE_FAILED: Call session CA1 in .*damaged\.db is not readable/m);
    expect(
      run.err
        .trim()
        .split('\n')
        .filter((line) => line.startsWith('hotline: HOTLINE_')),
    ).toHaveLength(1);
  }, 90_000);
});
