import type { Worker } from 'node:worker_threads';
import { HotlineError } from '../../errors.js';
import { startTsWorker } from '../../planning/ts-worker.js';
import type { CoverageJob } from './coverage-worker.js';
import type { FlowViewCoverage } from './flows-wire.js';

const WORKER_ENTRY = new URL('./coverage-worker.ts', import.meta.url);

/**
 * Computes a flow's coverage (flowViewCoverage) on a worker thread, so the live line's webhooks are not held up for
 * the seconds a menu flow's path enumeration takes. The worker runs under tsx (startTsWorker): flow files are
 * TypeScript. `track` is told of the worker, to end it when the server closes.
 */
export function coverageInWorker(file: string, track: (worker: Worker) => () => void): Promise<FlowViewCoverage> {
  const job: CoverageJob = { file };
  return new Promise((resolve, reject) => {
    const worker = startTsWorker(WORKER_ENTRY, { coverageJob: job });
    const untrack = track(worker);
    let answered = false;
    worker.on('message', (answer: { ok: true; coverage: FlowViewCoverage } | { ok: false; message: string }) => {
      answered = true;
      if (answer.ok) resolve(answer.coverage);
      else reject(new HotlineError('HOTLINE_FLOW_INVALID', `Coverage of ${file}: ${answer.message}`));
    });
    worker.on('error', (error) => {
      answered = true;
      reject(error);
    });
    worker.on('exit', (code) => {
      untrack();
      if (!answered)
        reject(new HotlineError('HOTLINE_INTERNAL', `The coverage worker for ${file} stopped (exit code ${code}).`));
    });
  });
}
