import { describe, expect, it } from 'vitest';
import { MAX_QUEUED_JOBS, PlannerJobs, type JobContext } from '../../../src/console/planner/planner-jobs.js';

/** A job that waits until released, reporting progress 1 of 2 first. */
function gate() {
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const work = async (context: JobContext) => {
    context.progress(1, 2);
    await Promise.race([
      released,
      new Promise((_, reject) => context.signal.addEventListener('abort', () => reject(context.signal.reason))),
    ]);
    return { result: { ok: true }, report: { title: 'r' } };
  };
  return { work, release: () => release() };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('PlannerJobs', () => {
  it('runs one job at a time, in order, and keeps the result and the report', async () => {
    const jobs = new PlannerJobs();
    const a = gate();
    const b = gate();
    const first = jobs.submit('simulate', a.work);
    const second = jobs.submit('compare', b.work);
    await settle();
    expect(jobs.get(first.id)).toMatchObject({ status: 'running', progress: { done: 1, total: 2 } });
    expect(jobs.get(second.id).status).toBe('queued');
    const events: string[] = [];
    jobs.listen(first.id, (event, job) => events.push(`${event}:${job.status}`));
    a.release();
    await settle();
    await settle();
    expect(events).toEqual(['end:done']);
    expect(jobs.get(first.id).result).toEqual({ ok: true });
    expect(jobs.report(first.id)).toEqual({ title: 'r' });
    expect(jobs.get(second.id).status).toBe('running');
    expect(() => jobs.report(second.id)).toThrow(/running/);
    jobs.close();
  });

  it('caps the waiting jobs, cancels waiting and running ones, and forgets unknown ids', async () => {
    const jobs = new PlannerJobs();
    const running = jobs.submit('simulate', gate().work);
    const waiting = Array.from({ length: MAX_QUEUED_JOBS }, () => jobs.submit('simulate', gate().work));
    expect(() => jobs.submit('simulate', gate().work)).toThrow(/one job at a time/);
    expect(jobs.cancel(waiting[0]!.id).status).toBe('cancelled');
    jobs.cancel(running.id);
    await settle();
    await settle();
    expect(jobs.get(running.id).status).toBe('cancelled');
    expect(jobs.get(waiting[1]!.id).status).toBe('running');
    expect(() => jobs.get('nope')).toThrow(/no planner job/);
    jobs.close();
  });

  it('marks a job whose work throws as failed with its message', async () => {
    const jobs = new PlannerJobs();
    const job = jobs.submit('staff', async () => {
      throw new Error('boom');
    });
    await settle();
    await settle();
    expect(jobs.get(job.id)).toMatchObject({ status: 'failed', error: { code: 'HOTLINE_INTERNAL' } });
    expect(jobs.get(job.id).error?.message).toMatch(/boom/);
  });
});
