import type { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import direct from '../../../flows/hotline-12345-direct.js';
import { coverageInWorker } from '../../../src/console/flows/coverage-runner.js';
import { flowViewCoverage } from '../../../src/console/flows/flow-view-coverage.js';

const FLOWS = new URL('../../../flows/', import.meta.url).pathname;
const FIXTURES = new URL('../../fixtures/', import.meta.url).pathname;

describe('coverage on a worker thread', () => {
  it('computes what flowViewCoverage computes here, and lets go of the worker', async () => {
    const workers = new Set<Worker>();
    const coverage = await coverageInWorker(`${FLOWS}hotline-12345-direct.ts`, (w) => {
      workers.add(w);
      return () => workers.delete(w);
    });
    expect(coverage).toEqual(JSON.parse(JSON.stringify(flowViewCoverage(direct))));
    await expect.poll(() => workers.size).toBe(0);
  }, 60_000);

  it('fails with one line when the file is no flow', async () => {
    const failure = coverageInWorker(`${FIXTURES}records/does-not-exist.ts`, () => () => {});
    await expect(failure).rejects.toMatchObject({ code: 'HOTLINE_FLOW_INVALID' });
    await expect(failure).rejects.toThrow(/^Coverage of .*: No flow/);
  }, 60_000);
});
