import { parentPort, workerData } from 'node:worker_threads';
import { loadFlow } from '../../scenario/load-flow.js';
import { flowViewCoverage } from './flow-view-coverage.js';

/** What a coverage worker is given: the flow file to load (a file the flow catalog listed). */
export interface CoverageJob {
  readonly file: string;
}

// Loads the flow, computes what `hotline test` covers of it, and posts the result (or the error's message).
const job = (workerData as { coverageJob: CoverageJob }).coverageJob;
try {
  parentPort!.postMessage({ ok: true, coverage: flowViewCoverage(await loadFlow(job.file)) });
} catch (error) {
  parentPort!.postMessage({ ok: false, message: (error as Error).message });
}
