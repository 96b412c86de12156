import type { FastifyPluginAsync } from 'fastify';
import { parse } from 'yaml';
import { z } from 'zod';
import { HotlineError } from '../../errors.js';
import { estimateRun } from '../../scenario/run-estimate.js';
import type { Scenario } from '../../scenario/scenario-schema.js';
import { SseClients } from '../../server/routes/sse-clients.js';
import type { ConsoleViewOptions, PlannerReportInput } from '../access/console-view-options.js';
import { parseRequest } from '../access/parse-request.js';
import { sessionAlive } from '../access/session-alive.js';
import { PlannerJobs, type PlannerJobView } from './planner-jobs.js';
import { type PlannerJobSpec, runPlannerJobInWorker } from './planner-job-thread.js';
import { twinRecordsPath } from './planner-twin.js';
import { checkScenario, referenceRoots, runnableInput } from './planner-scenario-input.js';
import type { SavedScenario } from './planner-wire.js';
import { listScenarios, readScenarioText, saveScenarioText } from './scenario-files.js';

/** Most simulated calls one planner job may make (about a minute at 400,000 calls/s); the CLI has no such bound. */
export const MAX_JOB_CALLS = 20_000_000;
/** Most scenarios a compare job runs. */
export const MAX_JOB_SCENARIOS = 6;
/** Most job event streams open at once. */
const MAX_STREAMS = 20;

const scenarioInput = z
  .object({
    file: z.string().min(1).max(120).optional(),
    yaml: z.string().max(60_000).optional(),
    data: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

const saveBody = scenarioInput.extend({ file: z.string().min(1).max(120) }).strict();

const jobBody = z
  .object({
    kind: z.enum(['simulate', 'compare', 'staff', 'twin']),
    scenarios: z.array(scenarioInput).min(1).max(MAX_JOB_SCENARIOS),
    replications: z.number().int().min(1).max(100).optional(),
    seed: z.number().int().min(-2147483648).max(4294967295).optional(),
    calls: z.number().int().min(1).max(1_000_000).optional(),
    maxRounds: z.number().int().min(1).max(20).optional(),
    /** Twin: a SQLite store inside the working folder, and the hotline's time zone. */
    records: z.string().min(1).max(4096).optional(),
    timeZone: z
      .string()
      .min(1)
      .max(64)
      .refine((zone) => {
        try {
          new Intl.DateTimeFormat('en', { timeZone: zone });
          return true;
        } catch {
          return false;
        }
      }, 'an IANA time zone, e.g. Asia/Shanghai')
      .optional(),
  })
  .strict();

function parseBody<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  return parseRequest(schema, body, { code: 'HOTLINE_PLANNER_REQUEST_INVALID', where: what });
}

/** A file's YAML data for the forms, or null when it is not YAML at all (the message says where). */
function yamlData(yaml: string): unknown {
  try {
    return parse(yaml, { maxAliasCount: 100 }) as unknown;
  } catch {
    return null;
  }
}

/**
 * /console/api/planner: the planner's scenarios (list, open, validate, save as a new file) and jobs (simulate,
 * compare, staff as server-side runs of the planning layer, one at a time, with progress as server-sent events and
 * the HTML report to download).
 */
export const plannerApi: FastifyPluginAsync<ConsoleViewOptions> = async (app, options) => {
  const dir = options.scenariosDir;
  const roots = referenceRoots(options.cwd, dir, options.recordingsDir);
  const jobs = new PlannerJobs();
  const streams = new SseClients({
    maxClients: MAX_STREAMS,
    full: (open) =>
      new HotlineError(
        'HOTLINE_PLANNER_QUEUE_FULL',
        `${open} job streams are open, the most the planner serves; close one.`,
      ),
  });

  app.get('/scenarios', async () => ({ scenarios: listScenarios(dir) }));

  app.get<{ Params: { file: string } }>('/scenarios/:file', async (request) => {
    const { file } = request.params;
    const checked = (() => {
      try {
        return { ok: true as const, ...checkScenario(dir, { file }, roots) };
      } catch (error) {
        if (error instanceof HotlineError && error.code === 'HOTLINE_PLANNER_REQUEST_INVALID')
          return { ok: false as const, error };
        throw error;
      }
    })();
    const yaml = checked.ok ? checked.yaml : readScenarioText(dir, file);
    return {
      file,
      yaml,
      data: yamlData(yaml),
      scenario: checked.ok ? checked.scenario : null,
      valid: checked.ok,
      ...(checked.ok ? {} : { message: checked.error.message, fields: checked.error.fields ?? {} }),
    };
  });

  app.post('/scenarios/validate', async (request) => {
    const input = parseBody(scenarioInput, request.body, 'POST /console/api/planner/scenarios/validate');
    try {
      const { scenario } = checkScenario(dir, input, roots);
      return { valid: true, scenario, fields: {} };
    } catch (error) {
      if (!(error instanceof HotlineError) || error.code !== 'HOTLINE_PLANNER_REQUEST_INVALID') throw error;
      return { valid: false, message: error.message, fields: error.fields ?? {} };
    }
  });

  app.post('/scenarios', async (request, reply) => {
    const body = parseBody(saveBody, request.body, 'POST /console/api/planner/scenarios');
    if (body.yaml === undefined && body.data === undefined)
      throw new HotlineError(
        'HOTLINE_PLANNER_REQUEST_INVALID',
        'POST /console/api/planner/scenarios: give the changed scenario as yaml (its text) or data (the edited object).',
      );
    // What is saved is the checked text: a file the planner writes always loads in hotline simulate.
    const { yaml, scenario } = checkScenario(dir, { yaml: body.yaml, data: body.data }, roots);
    saveScenarioText(dir, body.file, yaml);
    const saved: SavedScenario = { file: body.file, title: scenario.name };
    return reply.code(201).send(saved);
  });

  app.post('/jobs', async (request, reply) => {
    const body = parseBody(jobBody, request.body, 'POST /console/api/planner/jobs');
    if (body.kind === 'twin' && body.records === undefined)
      throw new HotlineError(
        'HOTLINE_PLANNER_REQUEST_INVALID',
        'a twin job needs records: the path of a SQLite store inside the working folder (e.g. data/hotline.db).',
        { fields: { records: 'required for a twin job' } },
      );
    const recordsPath = body.kind === 'twin' ? twinRecordsPath(options.cwd, body.records ?? '') : '';
    if (body.kind === 'compare' ? body.scenarios.length < 2 : body.scenarios.length !== 1)
      throw new HotlineError(
        'HOTLINE_PLANNER_REQUEST_INVALID',
        `a ${body.kind} job takes ${body.kind === 'compare' ? `2 to ${MAX_JOB_SCENARIOS} scenarios` : 'one scenario'}, got ${body.scenarios.length}.`,
        { fields: { scenarios: 'wrong number of scenarios' } },
      );
    const checked = body.scenarios.map((input) => checkScenario(dir, input, roots));
    const scenarios: Scenario[] = [];
    for (const c of checked) scenarios.push(await runnableInput(c, options.cwd));
    const replications = body.replications ?? Math.max(...scenarios.map((s) => s.replications));
    // A twin's period is known once its records are read: the job checks its own size then.
    const rounds = body.kind === 'staff' ? (body.maxRounds ?? 10) * 7 + 1 : body.kind === 'twin' ? 0 : 1;
    const calls = scenarios.reduce(
      (sum, s) => sum + estimateRun(s, body.calls).callsPerReplication * replications * rounds,
      0,
    );
    if (!(calls <= MAX_JOB_CALLS))
      throw new HotlineError(
        'HOTLINE_PLANNER_REQUEST_INVALID',
        `the job would simulate about ${Math.round(calls).toLocaleString('en-US')} calls, more than the console's bound of ${MAX_JOB_CALLS.toLocaleString('en-US')}; lower replications or calls (first calls per replication), or run it with the hotline CLI.`,
        { fields: { replications: 'too many calls for one job' } },
      );
    const names = scenarios.map((s, i) =>
      scenarios.findIndex((t) => t.name === s.name) === i ? s.name : `${s.name} (${i + 1})`,
    );
    const runOptions = {
      ...(body.replications === undefined ? {} : { replications: body.replications }),
      ...(body.seed === undefined ? {} : { seed: body.seed }),
      ...(body.calls === undefined ? {} : { calls: body.calls }),
    };
    const twinOptions = {
      ...runOptions,
      ...(body.timeZone === undefined ? {} : { timeZone: body.timeZone }),
      maxCalls: MAX_JOB_CALLS,
    };
    const spec: PlannerJobSpec =
      body.kind === 'twin'
        ? { kind: 'twin', scenario: scenarios[0]!, recordsPath, options: twinOptions }
        : body.kind === 'staff'
          ? {
              kind: 'staff',
              scenario: scenarios[0]!,
              options: { ...runOptions, ...(body.maxRounds ? { maxRounds: body.maxRounds } : {}) },
            }
          : {
              kind: body.kind,
              runs: scenarios.map((scenario, i) => ({ name: names[i]!, scenario })),
              options: runOptions,
            };
    // The whole job runs on its own worker thread: the live line's webhooks never wait for it.
    const job = jobs.submit(body.kind, (context) => runPlannerJobInWorker(spec, context));
    return reply.code(202).send(job);
  });

  app.get<{ Params: { id: string } }>('/jobs/:id', async (request) => jobs.get(request.params.id));

  app.delete<{ Params: { id: string } }>('/jobs/:id', async (request) => jobs.cancel(request.params.id));

  app.get<{ Params: { id: string } }>('/jobs/:id/report', async (request, reply) => {
    const input = jobs.report(request.params.id) as PlannerReportInput;
    if (!options.renderReport)
      throw new HotlineError(
        'HOTLINE_PLANNER_JOB_NOT_DONE',
        'this server was built without the report renderer (hotline serve and hotline console hand it in); use hotline simulate --out DIR for the report.',
      );
    return reply
      .type('text/html; charset=utf-8')
      .header('content-disposition', `attachment; filename="hotline-report-${request.params.id}.html"`)
      .send(options.renderReport(input));
  });

  app.get<{ Params: { id: string } }>('/jobs/:id/events', async (request, reply) => {
    jobs.get(request.params.id);
    streams.open(
      reply,
      (stream) => {
        stream.event('progress', jobs.get(request.params.id));
        return jobs.listen(request.params.id, (event, job: PlannerJobView) => {
          stream.event(event, job);
          if (event === 'end') stream.end();
        });
      },
      { alive: sessionAlive(options.sessions, request) },
    );
  });

  // Open streams would hold app.close() until the page leaves, and a running job would outlive the server.
  app.addHook('preClose', async () => {
    // Waiting jobs end (cancelled) at once and their pages hear it; a running job's end comes later and finds its
    // streams already ended and unsubscribed.
    jobs.close();
    streams.endAll();
  });
};
