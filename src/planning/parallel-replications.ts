import type { Worker } from 'node:worker_threads';
import type { Scenario } from '../scenario/scenario-schema.js';
import { prepareScenario } from './flow-registry.js';
import type { ReplicationJob } from './replication-worker.js';
import type { RecordSink } from '../sim/sim-state.js';
import { runReplication, summarise, type ReplicationResult, type SimulationSummary } from './run-scenario.js';
import { startTsWorker } from './ts-worker.js';

/** Options of a (possibly parallel) simulation. */
export interface ParallelOptions {
  readonly seed: number;
  readonly replications: number;
  readonly calls?: number;
  /** Calls arriving at or after this (run seconds) are not counted (default: all; see runReplication). */
  readonly countUntilSec?: number;
  /** Worker threads; 1 runs in this thread. */
  readonly workers: number;
  /**
   * Receives replication 0's records as its calls end (the object is reused: copy). Replication 0 then runs in this
   * thread, the others on the workers; its results are the same either way.
   */
  readonly recordSink?: RecordSink;
  /** Called after each replication with how many are done. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Stops the run between replications (workers are terminated): the promise rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

const WORKER_ENTRY = new URL('./replication-worker.ts', import.meta.url);

/**
 * Runs replications on worker threads (or serially with one worker). Each
 * replication depends only on (scenario, seed, index), and results are
 * summarised in index order, so the summary is identical to a serial run.
 */
export async function simulateReplications(scenario: Scenario, options: ParallelOptions): Promise<SimulationSummary> {
  const total = options.replications;
  const results: ReplicationResult[] = [];
  await prepareScenario(scenario);
  const signal = options.signal;
  signal?.throwIfAborted();
  if (options.workers <= 1 || total <= 1) {
    for (let r = 0; r < total; r += 1) {
      // A replication runs to its end on this thread; yielding between them lets an abort (and the server) through.
      if (r > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      signal?.throwIfAborted();
      const sink = r === 0 ? options.recordSink : undefined;
      results.push(runReplication(scenario, options.seed, r, options.calls, sink, options.countUntilSec));
      options.onProgress?.(r + 1, total);
    }
    return summarise(results);
  }
  const here = options.recordSink ? 1 : 0;
  const workers = Math.min(options.workers, total - here);
  const shares = Array.from({ length: workers }, (_, w) =>
    Array.from({ length: total - here }, (_, r) => r + here).filter((r) => r % workers === w),
  );
  const running = new Set<Worker>();
  const stop = () => {
    for (const worker of running) void worker.terminate();
  };
  signal?.addEventListener('abort', stop, { once: true });
  const done = Promise.all(
    shares.map(
      (share) =>
        new Promise<void>((resolve, reject) => {
          const job: ReplicationJob = {
            scenario,
            seed: options.seed,
            replications: share,
            ...(options.calls === undefined ? {} : { calls: options.calls }),
            ...(options.countUntilSec === undefined ? {} : { countUntilSec: options.countUntilSec }),
          };
          const worker = startTsWorker(WORKER_ENTRY, { replicationJob: job });
          running.add(worker);
          let received = 0;
          worker.on('message', (result: ReplicationResult) => {
            results.push(result);
            received += 1;
            options.onProgress?.(results.length, total);
          });
          worker.on('error', reject);
          worker.on('exit', (code) =>
            code === 0 && received === share.length
              ? resolve()
              : reject(
                  new Error(
                    `replication worker exited with code ${code} after ${received} of ${share.length} replications`,
                  ),
                ),
          );
        }),
    ),
  );
  if (options.recordSink) {
    try {
      results.push(runReplication(scenario, options.seed, 0, options.calls, options.recordSink, options.countUntilSec));
    } catch (error) {
      // The workers' replications are of no use without this one: stop them before failing.
      await Promise.all([...running].map((w) => w.terminate()));
      await done.catch(() => undefined);
      throw error;
    }
    options.onProgress?.(results.length, total);
  }
  try {
    await done;
  } catch (error) {
    signal?.throwIfAborted();
    throw error;
  } finally {
    signal?.removeEventListener('abort', stop);
  }
  results.sort((a, b) => a.replication - b.replication);
  return summarise(results);
}
