import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulateReplications } from '../../src/planning/parallel-replications.js';
import { parseScenario } from '../../src/scenario/load-scenario.js';

const FIXTURE = new URL('../fixtures/planner/small-line.yaml', import.meta.url).pathname;
const scenario = parseScenario(readFileSync(FIXTURE, 'utf8'), 'small-line.yaml');

describe('simulateReplications with an abort signal', () => {
  it('stops between replications on this thread and rejects with the reason', async () => {
    const abort = new AbortController();
    const done: number[] = [];
    const run = simulateReplications(scenario, {
      seed: 1,
      replications: 50,
      workers: 1,
      signal: abort.signal,
      onProgress: (n) => {
        done.push(n);
        if (n === 2) abort.abort(new Error('cancelled'));
      },
    });
    await expect(run).rejects.toThrow('cancelled');
    expect(done).toEqual([1, 2]);
  });

  it('terminates the worker threads when aborted', async () => {
    const abort = new AbortController();
    const run = simulateReplications(scenario, {
      seed: 1,
      replications: 40,
      calls: 20_000,
      workers: 2,
      signal: abort.signal,
      onProgress: () => abort.abort(new Error('cancelled')),
    });
    await expect(run).rejects.toThrow('cancelled');
  }, 60_000);

  it('answers as before without a signal', async () => {
    const summary = await simulateReplications(scenario, { seed: 1, replications: 2, workers: 1 });
    expect(summary.replications.map((r) => r.replication)).toEqual([0, 1]);
  });
});
