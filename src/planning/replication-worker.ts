import { parentPort, workerData } from 'node:worker_threads';
import type { Scenario } from '../scenario/scenario-schema.js';
import { prepareScenario } from './flow-registry.js';
import { runReplication } from './run-scenario.js';

/** What a replication worker is given. */
export interface ReplicationJob {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly calls?: number;
  /** See runReplication's countUntilSec. */
  readonly countUntilSec?: number;
  readonly replications: readonly number[];
}

// Runs its share of replications and posts each result as it finishes.
const job = (workerData as { replicationJob: ReplicationJob }).replicationJob;
await prepareScenario(job.scenario);
for (const replication of job.replications) {
  parentPort!.postMessage(runReplication(job.scenario, job.seed, replication, job.calls, undefined, job.countUntilSec));
}
