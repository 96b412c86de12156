import { type ErrorCode, HotlineError, isHotlineError } from '../../errors.js';
import { startTsWorker } from '../../planning/ts-worker.js';
import type { Scenario } from '../../scenario/scenario-schema.js';
import type { JobContext } from './planner-jobs.js';
import { runSimulations, runStaffing, type RunOptions, type RunScenario } from './planner-runs.js';
import { runTwinJob, type TwinJobOptions } from './planner-twin.js';
import type { PlannerJobResult } from './planner-wire.js';

/** A planner job as data (structured-cloneable): what the job worker is given. */
export type PlannerJobSpec =
  | {
      readonly kind: 'simulate' | 'compare';
      readonly runs: readonly RunScenario[];
      readonly options: RunOptions;
    }
  | {
      readonly kind: 'staff';
      readonly scenario: Scenario;
      readonly options: RunOptions & { readonly maxRounds?: number };
    }
  | {
      readonly kind: 'twin';
      readonly scenario: Scenario;
      readonly recordsPath: string;
      readonly options: TwinJobOptions;
    };

/** What a job worker posts: progress while it runs, then one `done` or `failed`. */
export type PlannerJobMessage =
  | { readonly type: 'progress'; readonly done: number; readonly total: number }
  | { readonly type: 'done'; readonly result: PlannerJobResult; readonly report: unknown }
  | {
      readonly type: 'failed';
      readonly code: ErrorCode;
      readonly message: string;
      readonly fields?: Readonly<Record<string, string>>;
    };

const WORKER_ENTRY = new URL('./planner-job-worker.ts', import.meta.url);

/** Runs a job on this thread (what the job worker does inside): simulate, compare, staff or twin. */
export async function runPlannerJob(
  spec: PlannerJobSpec,
  context: JobContext,
): Promise<{ readonly result: PlannerJobResult; readonly report?: unknown }> {
  switch (spec.kind) {
    case 'twin':
      return runTwinJob(spec.scenario, spec.recordsPath, spec.options, context);
    case 'staff':
      return runStaffing(spec.scenario, spec.options, context);
    default:
      return runSimulations(spec.kind, spec.runs, spec.options, context);
  }
}

/** A job's failure as its worker posts it: a HotlineError keeps its code, message and fields. */
export function failureMessage(error: unknown): PlannerJobMessage {
  if (isHotlineError(error))
    return {
      type: 'failed',
      code: error.code,
      message: error.message,
      ...(error.fields === undefined ? {} : { fields: error.fields }),
    };
  return { type: 'failed', code: 'HOTLINE_INTERNAL', message: `the job failed: ${(error as Error).message}` };
}

/**
 * Runs a whole job (its simulations, the heat map's replication 0, the twin's read of its store) on one worker
 * thread, so the live line's event loop never waits for it: progress and the result come back as messages. A
 * simulate or compare job of many replications starts its own replication workers from there. Cancelling (the
 * context's signal) terminates the worker, and with it the replication workers it started; the promise then rejects
 * with the signal's reason.
 */
export function runPlannerJobInWorker(
  spec: PlannerJobSpec,
  context: JobContext,
): Promise<{ readonly result: PlannerJobResult; readonly report?: unknown }> {
  context.signal.throwIfAborted();
  return new Promise((resolve, reject) => {
    const worker = startTsWorker(WORKER_ENTRY, { plannerJob: spec });
    let settled = false;
    const settle = (end: () => void) => {
      if (settled) return;
      settled = true;
      context.signal.removeEventListener('abort', cancel);
      end();
    };
    const cancel = () => {
      settle(() => reject(context.signal.reason));
      void worker.terminate();
    };
    context.signal.addEventListener('abort', cancel, { once: true });
    worker.on('message', (message: PlannerJobMessage) => {
      if (settled) return;
      if (message.type === 'progress') context.progress(message.done, message.total);
      else if (message.type === 'done') settle(() => resolve({ result: message.result, report: message.report }));
      else
        settle(() =>
          reject(
            new HotlineError(message.code, message.message, message.fields ? { fields: message.fields } : undefined),
          ),
        );
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) =>
      settle(() =>
        reject(
          new HotlineError(
            'HOTLINE_INTERNAL',
            `the planner job's worker thread stopped (exit code ${code}) before answering; run the job again, or with the hotline CLI.`,
          ),
        ),
      ),
    );
  });
}
