import { performance } from 'node:perf_hooks';
import type { Command } from 'commander';
import { HotlineError } from '../errors.js';
import { runLoad, type LatencyFigures, type LoadReport } from '../qa/load-test.js';
import { agentWork, type LoadBehaviour } from '../qa/scenario-caller.js';
import { loadRunnableScenario } from '../planning/recorded-behaviour.js';
import { buildSimModel } from '../planning/build-model.js';
import { prepareScenario } from '../planning/flow-registry.js';
import { RealClock, VirtualClock, type EmulatorClock } from '../twilio/emulator/emulator-clock.js';
import { integerOption, numberInRange } from './command-options.js';
import { SCENARIOS_DIR } from './simulate-command.js';
import { spawnServer, targetServer, type TargetFlags } from './target-server.js';
import { flowReferenceOptions, withFlowOptions, type FlowFlags } from './flow-options.js';
import type { FlowReferenceOptions } from '../scenario/flow-reference.js';

/** What `hotline load` needs from outside. */
export interface LoadDeps {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly now: () => number;
}

interface LoadFlags extends TargetFlags, FlowFlags {
  readonly scenario: string;
  readonly calls: string;
  readonly concurrency: string;
  readonly agents?: string;
  readonly speed: string;
  readonly virtual?: boolean;
  readonly ramp: string;
  readonly warmup: string;
  readonly seed: string;
  readonly timing: string;
  readonly json?: boolean;
}

/** What the scenario says callers and agents do. */
async function behaviourOf(
  spec: string,
  cwd: string,
  seed: number,
  flows: FlowReferenceOptions,
): Promise<{ behaviour: LoadBehaviour; skills: readonly string[]; flowSpec: string }> {
  const { scenario, file } = await loadRunnableScenario(spec, cwd, SCENARIOS_DIR, flows);
  await prepareScenario(scenario, cwd);
  const model = buildSimModel(scenario, { seed, replication: 0, calls: 1 });
  if (!model.flow)
    throw new HotlineError(
      'HOTLINE_SCENARIO_INVALID',
      `${file}: flow is "none"; \`hotline load\` drives a flow's webhooks, so the scenario must name a flow.`,
    );
  return {
    behaviour: { flow: model.flow, patience: model.patience, work: agentWork(model.callTypes) },
    skills: model.flow.compiled.flow.skills,
    flowSpec: scenario.flow,
  };
}

const ms = (x: number) => x.toFixed(x < 10 ? 2 : 1);

function row(name: string, f: LatencyFigures): string {
  return `  ${name.padEnd(18)} ${String(f.count).padStart(8)}  p50 ${ms(f.p50).padStart(7)}  p95 ${ms(f.p95).padStart(7)}  p99 ${ms(f.p99).padStart(7)}  max ${ms(f.max).padStart(8)} ms`;
}

/** The service line: the measured calls' figures from the server's records, beside the latency. */
function printService(report: LoadReport, out: (line: string) => void): void {
  const s = report.service;
  if (!s) {
    out(`  service: not known, the server's records could not be read (${report.serviceProblem})`);
    return;
  }
  const pct = (x: number) => (Number.isNaN(x) ? '-' : `${(x * 100).toFixed(1)} %`);
  out(
    `  service, from the server's records of ${s.calls} calls: offered ${s.offered}, answered ${s.answered}, abandoned ${s.abandoned}, service level (15 s) ${pct(s.serviceLevel['15'] ?? Number.NaN)}, ASA ${Number.isNaN(s.asaSec) ? '-' : `${s.asaSec.toFixed(1)} s`}`,
  );
  if (s.unfinished > 0)
    out(
      `  note: ${s.unfinished} call(s) have no final record on the server after waiting (e.g. ${s.unfinishedSamples.join(', ')}); the service figures leave them out: see GET /admin/calls/:callSid`,
    );
}

function print(report: LoadReport, out: (line: string) => void): void {
  out(
    `  ${report.calls} calls in ${report.wallSec.toFixed(1)} s: ${report.callsPerSec.toFixed(1)} calls/s; ${report.webhooks} webhooks: ${report.webhooksPerSec.toFixed(0)}/s`,
  );
  out(`  webhook latency, timed on ${report.timing === 'worker' ? 'a worker thread' : "the emulator's thread"}:`);
  out(`  ${''.padEnd(18)} requests`);
  out(row('TwiML documents', report.latencyMs.documents));
  out(row('status callbacks', report.latencyMs.callbacks));
  out(row('all', report.latencyMs.all));
  out('  slowest webhooks by p99:');
  for (const [path, figures] of Object.entries(report.latencyByPath).slice(0, 4)) out(row(`  ${path}`, figures));
  out(
    `  HTTP errors ${report.httpErrors}, timeouts (> 15 s) ${report.timeouts}, connection errors ${report.connectionErrors}, invalid TwiML ${report.invalidTwiml}`,
  );
  for (const [code, messages] of Object.entries(report.errorSamples))
    for (const m of messages) out(`    ${code}: ${m}`);
  out(
    `  calls ended: ${Object.entries(report.endings)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  printService(report, out);
  if (!report.serverFollowsClock)
    out(
      "  note: the server does not follow the emulator's clock (start it with `hotline serve --emulator-clock`): queue timers ran on its own clock",
    );
}

/**
 * `hotline load --scenario FILE --calls N --concurrency C [--url BASE]`:
 * scenario callers through the local Twilio emulator against a server, with
 * webhook latency percentiles, errors, timeouts, invalid TwiML and call rate.
 * Exit 0 when every webhook was answered with valid TwiML in time, 1 when
 * not, 2 on bad input.
 */
export function registerLoadCommand(program: Command, deps: LoadDeps, result: { code: number }): void {
  withFlowOptions(program.command('load'))
    .description('drive scenario callers through the local Twilio emulator against a server and measure its webhooks')
    .requiredOption('--scenario <name|file>', 'scenario whose flow and caller model the calls follow')
    .option('--calls <n>', 'calls to place', '200')
    .option('--concurrency <n>', 'calls in progress at once', '50')
    .option('--agents <n>', 'agents on the agent line (default: half the concurrency)')
    .option('--speed <x>', 'emulated seconds per real second (1 = real time)', '10')
    .option('--virtual', 'virtual time: as fast as the server answers (measures its saturated rate)')
    .option('--warmup <n>', 'calls placed first and left out of the figures (the server warms up)', '0')
    .option('--ramp <sec>', 'emulated seconds over which the first calls start', '30')
    .option('--seed <n>', "seed of the callers' choices", '1')
    .option('--url <base>', 'load a running `hotline serve --emulator-clock` (default: start one in-process)')
    .option('--public-url <url>', 'the PUBLIC_URL the server checks signatures against (default: --url)')
    .option('--db <file>', 'in-process server only: use this SQLite file instead of the memory store')
    .option('--allow-remote', 'allow --url on a non-loopback host')
    .option(
      '--timing <where>',
      "where webhooks are sent and timed: 'worker' (a thread the emulator's own pauses do not stop) or 'inline'",
      'worker',
    )
    .option('--json', 'print the report as JSON')
    .action(async (flags: LoadFlags) => {
      const out = (line: string) => deps.stdout(`${line}\n`);
      const calls = integerOption(flags.calls, '--calls', 1, 1_000_000)!;
      const concurrency = integerOption(flags.concurrency, '--concurrency', 1, 10_000)!;
      const agents = integerOption(flags.agents, '--agents', 0, 100_000) ?? Math.max(1, Math.ceil(concurrency / 2));
      const seed = integerOption(flags.seed, '--seed', 0, 2 ** 31)!;
      const warmupCalls = integerOption(flags.warmup, '--warmup', 0, 1_000_000)!;
      if (warmupCalls >= calls)
        throw new HotlineError(
          'HOTLINE_OPTION_INVALID',
          `--warmup (${warmupCalls}) must be fewer than --calls (${calls}): warm-up calls are left out of the figures, so nothing would be measured.`,
        );
      const rampSec = numberInRange(flags.ramp, '--ramp', 0, 86_400);
      // Below 0.1x an emulated call of a few minutes takes an hour of real time: a typo, not a test.
      const speed = numberInRange(flags.speed, '--speed', 0.1, 10_000);
      if (flags.timing !== 'worker' && flags.timing !== 'inline')
        throw new HotlineError(
          'HOTLINE_OPTION_INVALID',
          `--timing must be "worker" or "inline", got "${flags.timing}".`,
        );
      const timing = flags.timing;
      const { behaviour, skills, flowSpec } = await behaviourOf(
        flags.scenario,
        deps.cwd,
        seed,
        flowReferenceOptions(flags, deps.cwd),
      );
      // Without --url the server runs in its own process, so the emulator's work does not show up as server latency.
      const server = flags.url
        ? await targetServer(flags, behaviour.flow.compiled.flow, deps.env, deps.cwd, 'load')
        : await spawnServer(flowSpec, flags.db, deps.env, deps.cwd);
      // In virtual time, timers due within the same emulated second fire together, so calls overlap as they would live.
      const clock: EmulatorClock = flags.virtual
        ? new VirtualClock(deps.now(), 1000)
        : new RealClock(deps.now(), speed, () => performance.now());
      try {
        if (!flags.json)
          out(
            `hotline load: ${calls} calls of "${flags.scenario}", ${concurrency} at a time, ${agents} agents, ${flags.virtual ? 'virtual time' : `${speed}x real time`}, against ${server.description}`,
          );
        const report = await runLoad({
          baseUrl: server.baseUrl,
          authToken: server.authToken,
          adminToken: server.adminToken,
          ...(server.publicUrl ? { publicUrl: server.publicUrl } : {}),
          clock,
          behaviour,
          skills,
          calls,
          concurrency,
          agents,
          rampSec,
          seed,
          warmupCalls,
          timing,
        });
        if (report.flowWarning) deps.stderr(`warning: ${report.flowWarning}\n`);
        if (flags.json) deps.stdout(`${JSON.stringify(report, null, 2)}\n`);
        else print(report, out);
        result.code = report.httpErrors + report.timeouts + report.connectionErrors + report.invalidTwiml === 0 ? 0 : 1;
      } finally {
        await server.close();
      }
    });
}
