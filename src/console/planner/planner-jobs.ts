import { randomBytes } from 'node:crypto';
import { HotlineError, isHotlineError } from '../../errors.js';
import type { PlannerJobKind, PlannerJobView as JobView } from './planner-wire.js';

/** A job as the queue keeps it: any work's result (the planner's jobs answer a PlannerJobResult). */
export type PlannerJobView = JobView<unknown>;

/** What a running job is given: the abort signal of DELETE, and where to report progress. */
export interface JobContext {
  readonly signal: AbortSignal;
  progress(done: number, total: number): void;
}

/** A job's work: resolves to what the page shows and, aside, what the report renders (kept on the server). */
export type JobWork = (context: JobContext) => Promise<{ readonly result: unknown; readonly report?: unknown }>;

/** A job's events: `progress` while it runs, then one `end` with its final view. */
export type JobListener = (event: 'progress' | 'end', job: PlannerJobView) => void;

interface Job {
  view: PlannerJobView;
  report: unknown;
  readonly work: JobWork;
  readonly abort: AbortController;
  readonly listeners: Set<JobListener>;
}

/** Jobs run one at a time; this many more may wait. */
export const MAX_QUEUED_JOBS = 3;
/** Ended jobs kept for GET and the report, newest first; older ones are forgotten. */
export const KEPT_JOBS = 20;

/**
 * The planner's job queue: one job runs at a time (the API runs each on its own worker thread,
 * runPlannerJobInWorker), at most MAX_QUEUED_JOBS wait behind it, and the last KEPT_JOBS ended jobs stay readable.
 * Cancelling aborts a running job's signal (the job's worker thread is terminated) or drops a waiting one.
 */
export class PlannerJobs {
  private readonly jobs = new Map<string, Job>();
  private readonly queue: Job[] = [];
  private running: Job | null = null;
  private closed = false;

  /** Queues a job; HOTLINE_PLANNER_QUEUE_FULL when MAX_QUEUED_JOBS already wait. */
  submit(kind: PlannerJobKind, work: JobWork): PlannerJobView {
    if (this.closed || this.queue.length >= MAX_QUEUED_JOBS)
      throw new HotlineError(
        'HOTLINE_PLANNER_QUEUE_FULL',
        `the planner runs one job at a time and ${this.queue.length} wait; wait for one to end or cancel one (DELETE /console/api/planner/jobs/:id).`,
      );
    const id = randomBytes(9).toString('base64url');
    const view: PlannerJobView = {
      id,
      kind,
      status: 'queued',
      progress: { done: 0, total: 0 },
      result: null,
      error: null,
    };
    const job: Job = { view, report: undefined, work, abort: new AbortController(), listeners: new Set() };
    this.jobs.set(id, job);
    this.queue.push(job);
    this.forgetOld();
    void this.next();
    return view;
  }

  /** A job's view; HOTLINE_PLANNER_NOT_FOUND for an unknown (or forgotten) id. */
  get(id: string): PlannerJobView {
    return this.job(id).view;
  }

  /** What a done job's report renders; HOTLINE_PLANNER_JOB_NOT_DONE before it is done. */
  report(id: string): unknown {
    const job = this.job(id);
    if (job.view.status !== 'done' || job.report === undefined)
      throw new HotlineError(
        'HOTLINE_PLANNER_JOB_NOT_DONE',
        `job ${id} is ${job.view.status}; its report is there once it is done (GET /console/api/planner/jobs/${id}).`,
      );
    return job.report;
  }

  /** Cancels a waiting or running job (an ended one stays as it ended); answers its view. */
  cancel(id: string): PlannerJobView {
    const job = this.job(id);
    const at = this.queue.indexOf(job);
    if (at >= 0) {
      this.queue.splice(at, 1);
      this.end(job, { status: 'cancelled' });
    } else if (job.view.status === 'running') job.abort.abort(new Error('cancelled'));
    return job.view;
  }

  /** Listens to a job's events; answers the way to stop. An ended job gets its `end` at once. */
  listen(id: string, listener: JobListener): () => void {
    const job = this.job(id);
    if (job.view.status === 'done' || job.view.status === 'failed' || job.view.status === 'cancelled') {
      listener('end', job.view);
      return () => undefined;
    }
    job.listeners.add(listener);
    return () => job.listeners.delete(listener);
  }

  /** Cancels every job (on app close). */
  close(): void {
    this.closed = true;
    for (const job of [...this.queue]) this.cancel(job.view.id);
    this.running?.abort.abort(new Error('closed'));
  }

  private job(id: string): Job {
    const job = this.jobs.get(id);
    if (!job)
      throw new HotlineError(
        'HOTLINE_PLANNER_NOT_FOUND',
        `no planner job "${id.slice(0, 40)}" (the last ${KEPT_JOBS} ended jobs are kept); start one with POST /console/api/planner/jobs.`,
      );
    return job;
  }

  private async next(): Promise<void> {
    if (this.running) return;
    const job = this.queue.shift();
    if (!job) return;
    this.running = job;
    job.view = { ...job.view, status: 'running' };
    const context: JobContext = {
      signal: job.abort.signal,
      progress: (done, total) => {
        job.view = { ...job.view, progress: { done, total } };
        for (const listener of job.listeners) listener('progress', job.view);
      },
    };
    try {
      const { result, report } = await job.work(context);
      job.abort.signal.throwIfAborted();
      job.report = report;
      this.end(job, { status: 'done', result });
    } catch (error) {
      if (job.abort.signal.aborted) this.end(job, { status: 'cancelled' });
      else
        this.end(job, {
          status: 'failed',
          error: isHotlineError(error)
            ? { code: error.code, message: error.message }
            : { code: 'HOTLINE_INTERNAL', message: `the job failed: ${(error as Error).message}` },
        });
    } finally {
      this.running = null;
      void this.next();
    }
  }

  private end(job: Job, change: Partial<PlannerJobView>): void {
    job.view = { ...job.view, ...change };
    for (const listener of job.listeners) listener('end', job.view);
    job.listeners.clear();
  }

  private forgetOld(): void {
    const ended = [...this.jobs.values()].filter((j) => j !== this.running && !this.queue.includes(j));
    for (const job of ended.slice(0, Math.max(0, ended.length - KEPT_JOBS))) this.jobs.delete(job.view.id);
  }
}
