import { parentPort, workerData } from 'node:worker_threads';
import { failureMessage, type PlannerJobMessage, type PlannerJobSpec, runPlannerJob } from './planner-job-thread.js';

// The planner's job thread (runPlannerJobInWorker): runs one whole job and posts its progress, then its end. It is
// cancelled by being terminated, so the signal it hands the job never aborts.
const spec = (workerData as { plannerJob: PlannerJobSpec }).plannerJob;
const post = (message: PlannerJobMessage) => parentPort!.postMessage(message);
try {
  const { result, report } = await runPlannerJob(spec, {
    signal: new AbortController().signal,
    progress: (done, total) => post({ type: 'progress', done, total }),
  });
  post({ type: 'done', result, report });
} catch (error) {
  post(failureMessage(error));
}
