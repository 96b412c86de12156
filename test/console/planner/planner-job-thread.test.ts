import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type PlannerJobSpec,
  runPlannerJob,
  runPlannerJobInWorker,
} from '../../../src/console/planner/planner-job-thread.js';
import { PLANNER_WORKERS_FROM } from '../../../src/console/planner/planner-runs.js';
import { isHotlineError } from '../../../src/errors.js';
import { parseScenario } from '../../../src/scenario/load-scenario.js';
import { SqliteCallStore } from '../../../src/store/sqlite-call-store.js';
import { MONDAY_SHANGHAI_SEC, simulatedRecords, twinTestScenario } from '../../helpers/twin-records.js';

const FIXTURE = new URL('../../fixtures/planner/small-line.yaml', import.meta.url).pathname;
const scenario = parseScenario(readFileSync(FIXTURE, 'utf8'), 'small-line.yaml');
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hotline-planner-thread-'));
  const store = new SqliteCallStore(join(dir, 'calls.db'));
  for (const r of simulatedRecords(twinTestScenario(5), 90, MONDAY_SHANGHAI_SEC).slice(0, 200))
    await store.putRecord(r);
  await store.close();
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const context = (onProgress: (done: number, total: number) => void = () => undefined, signal?: AbortSignal) => ({
  signal: signal ?? new AbortController().signal,
  progress: onProgress,
});

describe('runPlannerJobInWorker', () => {
  it('answers on its worker thread what the job answers on this one, with progress to the end', async () => {
    // Enough replications for the job's thread to start replication workers of its own.
    const replications = PLANNER_WORKERS_FROM;
    const spec: PlannerJobSpec = { kind: 'simulate', runs: [{ name: 'A', scenario }], options: { replications } };
    const progress: number[] = [];
    const threaded = await runPlannerJobInWorker(
      spec,
      context((done) => progress.push(done)),
    );
    const here = await runPlannerJob(spec, context());
    expect(progress.at(-1)).toBe(replications);
    expect(threaded.result).toEqual(here.result);
    expect(threaded.report).toEqual(here.report);
  }, 60_000);

  it("reads a twin's store on the worker and keeps a failure's code and message across the thread", async () => {
    const spec: PlannerJobSpec = {
      kind: 'twin',
      scenario: twinTestScenario(5),
      recordsPath: join(dir, 'calls.db'),
      options: { replications: 2, maxCalls: 100 },
    };
    const failure = await runPlannerJobInWorker(spec, context()).catch((error: unknown) => error);
    expect(isHotlineError(failure) && failure.code).toBe('HOTLINE_PLANNER_REQUEST_INVALID');
    expect((failure as Error).message).toMatch(/more than the console's bound/);
  }, 60_000);

  it('is cancelled by its signal: the worker is terminated mid-replication and the promise rejects', async () => {
    const abort = new AbortController();
    const spec: PlannerJobSpec = {
      kind: 'simulate',
      runs: [{ name: 'A', scenario }],
      options: { replications: 1, calls: 1_000_000 },
    };
    const progress: number[] = [];
    // The job reports 0 of 1 as it starts; cancelling then stops the one long replication, not after it.
    const run = runPlannerJobInWorker(
      spec,
      context((done) => {
        progress.push(done);
        abort.abort(new Error('cancelled'));
      }, abort.signal),
    );
    await expect(run).rejects.toThrow('cancelled');
    expect(progress).toEqual([0]);
  }, 60_000);
});
