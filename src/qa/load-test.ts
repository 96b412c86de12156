import { performance } from 'node:perf_hooks';
import jstatPkg from 'jstat';
import { HotlineError } from '../errors.js';
import { Rng, streamSeed } from '../sim/rng.js';
import type { EmulatedCallResult } from '../twilio/emulator/emulated-call.js';
import type { EmulatorClock } from '../twilio/emulator/emulator-clock.js';
import { INLINE_TRANSPORT, WorkerTransport } from '../twilio/emulator/http-transport.js';
import { TwilioEmulator } from '../twilio/emulator/twilio-emulator.js';
import type { WebhookExchange } from '../twilio/emulator/webhook-client.js';
import type { AgentPool } from '../record/call-record.js';
import { adminClient } from './admin-client.js';
import { loadService, type LoadService } from './load-service.js';
import { GatherRecogniser, LoadAgent, ScenarioCaller, type LoadBehaviour } from './scenario-caller.js';
import { serverFlowMismatch } from './server-flow-check.js';

const { jStat } = jstatPkg;

/** Emulated seconds over which a load's agents log on (one idle agent's look at the queues on hotline's agent line is 10 s apart). */
const AGENT_LOGON_SEC = 10;

/** How to run a call load. */
export interface LoadOptions {
  readonly baseUrl: string;
  readonly publicUrl?: string;
  readonly authToken: string;
  readonly adminToken: string | null;
  readonly clock: EmulatorClock;
  readonly behaviour: LoadBehaviour;
  /** Flow skills the agents are registered with. */
  readonly skills: readonly string[];
  /** Calls to place in all. */
  readonly calls: number;
  /** Calls in progress at once (a new one starts when one ends). */
  readonly concurrency: number;
  /** Agents on the agent line (in-house, group `in-house`) when `agentGroups` is not given. */
  readonly agents: number;
  /** Agents by group (a scenario's pools: pool, group name, headcount); instead of `agents`. */
  readonly agentGroups?: readonly LoadAgentGroup[];
  /**
   * Calls placed at these emulated seconds from the run's start, each from its number (the same number twice is
   * a caller calling again), instead of `calls` at `concurrency`: a scenario's arrival stream replayed live.
   */
  readonly arrivals?: readonly LoadArrival[];
  /** Calls placed first and left out of the figures (the server's code warms up: JIT, first queries). Default 0. */
  readonly warmupCalls?: number;
  /** Emulated seconds over which the first `concurrency` calls start. */
  readonly rampSec: number;
  readonly seed: number;
  /**
   * Where the emulator's HTTP requests run and are timed: 'worker' (default),
   * a worker thread whose clock the emulator's own garbage collections do not
   * stop; 'inline', the emulator's thread (its pauses then count as latency).
   */
  readonly timing?: 'worker' | 'inline';
  readonly onCallDone?: (done: number) => void;
  /** Real milliseconds to wait after the run for the server to close every call it drove. Default 10,000. */
  readonly serviceWaitMs?: number;
}

/** A group of load agents: its pool, its name (the records' `agentGroup`) and its headcount. */
export interface LoadAgentGroup {
  readonly pool: AgentPool;
  readonly group: string;
  readonly agents: number;
}

/** One call of a replayed arrival stream: when (emulated seconds from the run's start) and from which number. */
export interface LoadArrival {
  readonly atSec: number;
  readonly from: string;
}

/** Latency percentiles of webhooks, real milliseconds. */
export interface LatencyFigures {
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

/** The result of `hotline load`. */
export interface LoadReport {
  readonly calls: number;
  readonly concurrency: number;
  readonly agents: number;
  /** Real seconds from the first call to the end of the last. */
  readonly wallSec: number;
  readonly callsPerSec: number;
  readonly webhooks: number;
  readonly webhooksPerSec: number;
  /** TwiML documents, status callbacks, and both together. */
  readonly latencyMs: {
    readonly documents: LatencyFigures;
    readonly callbacks: LatencyFigures;
    readonly all: LatencyFigures;
  };
  /** Latency by webhook path (query left out), slowest p99 first: which route is slow. */
  readonly latencyByPath: Readonly<Record<string, LatencyFigures>>;
  /** Requests answered with an HTTP error status. */
  readonly httpErrors: number;
  /** Requests with no answer within Twilio's 15 s (or refused connections). */
  readonly timeouts: number;
  readonly connectionErrors: number;
  /** Documents Twilio would reject: not XML, not TwiML, wrong verbs or nesting, wrong Content-Type. */
  readonly invalidTwiml: number;
  /** Error messages by Twilio error code, first few of each. */
  readonly errorSamples: Readonly<Record<string, readonly string[]>>;
  /** How calls ended. */
  readonly endings: Readonly<Record<string, number>>;
  readonly serverFollowsClock: boolean;
  /** Where webhooks were sent and timed: a worker thread, or the emulator's own thread. */
  readonly timing: 'worker' | 'inline';
  /**
   * Service of the measured calls, from the server's records (GET /admin/calls); null when the server would not
   * give them (no admin API there, or it refused: see `serviceProblem`).
   */
  readonly service: LoadService | null;
  /** Why `service` is null (the admin request's error, one line), else null. */
  readonly serviceProblem: string | null;
  /** One line when the server serves another flow (or another version of it) than the scenario's, else null. */
  readonly flowWarning: string | null;
}

export function latencyFigures(values: readonly number[]): LatencyFigures {
  if (values.length === 0) return { count: 0, p50: 0, p95: 0, p99: 0, max: 0, mean: 0 };
  const sorted = Float64Array.from(values).sort();
  // R's type-7 quantile; jStat.percentile gives the second-largest value for k near 1 on small samples.
  const q = (p: number) => {
    const h = (sorted.length - 1) * p;
    const lo = Math.floor(h);
    return sorted[lo]! + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? 0) - sorted[lo]!);
  };
  return {
    count: values.length,
    p50: q(0.5),
    p95: q(0.95),
    p99: q(0.99),
    max: sorted[sorted.length - 1]!,
    mean: jStat.mean(sorted),
  };
}

/**
 * Drives `calls` scenario callers through the emulator against a server,
 * `concurrency` at a time, with `agents` agents taking them from the queues,
 * and measures every webhook: latency, HTTP errors, timeouts and TwiML Twilio
 * would reject.
 */
export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const { baseUrl, behaviour } = options;
  const admin = adminClient(baseUrl, options.adminToken);
  const flowWarning = await serverFlowMismatch({ baseUrl, token: options.adminToken }, behaviour.flow.compiled.flow);
  /** Puts a load agent on the server, logged on (`active`) or off. */
  const groups = options.agentGroups ?? [{ pool: 'in-house' as const, group: 'in-house', agents: options.agents }];
  const staff = groups.flatMap((g) => Array.from({ length: g.agents }, () => g));
  const putAgent = (i: number, { active }: { readonly active: boolean }) =>
    admin('PUT', `/admin/agents/${agentIds[i]}`, {
      name: `load agent ${agentIds[i]}`,
      phone: agentPhone(agentIds[i]!),
      skills: [...options.skills],
      pool: staff[i]!.pool,
      ...(options.agentGroups ? { group: staff[i]!.group } : {}),
      active,
    });
  const agentIds = staff.map((_, i) => String(70000000 + i));
  for (let i = 0; i < agentIds.length; i += 1) await putAgent(i, { active: true });

  const documents: number[] = [];
  const callbacks: number[] = [];
  const byPath = new Map<string, number[]>();
  let httpErrors = 0;
  let timeouts = 0;
  let connectionErrors = 0;
  let followsClock = false;
  const samples: Record<string, string[]> = {};
  const sample = (code: number, message: string) => {
    const list = (samples[code] ??= []);
    if (list.length < 3) list.push(message);
  };
  let measuring = false;
  const transport = options.timing === 'inline' ? INLINE_TRANSPORT : new WorkerTransport();
  const emulator = new TwilioEmulator({
    transport,
    authToken: options.authToken,
    clock: options.clock,
    seed: `hotline-load:${options.seed}`,
    // Thousands of calls: keep figures, not every call's timeline and requests.
    keepDetails: false,
    ...(options.publicUrl ? { rewrite: { actual: baseUrl, public: options.publicUrl } } : {}),
    onExchange: (exchange: WebhookExchange) => {
      if (exchange.serverClock === 'emulator') followsClock = true;
      if (!measuring || exchange.kind === 'audio') return;
      (exchange.kind === 'document' ? documents : callbacks).push(exchange.latencyMs);
      const path = new URL(exchange.url).pathname;
      let list = byPath.get(path);
      if (!list) byPath.set(path, (list = []));
      list.push(exchange.latencyMs);
      const error = exchange.error;
      if (!error) return;
      if (error.code === 11200) httpErrors += 1;
      else if (error.code === 11205) {
        if (exchange.status === null && /no answer within/.test(error.message)) timeouts += 1;
        else connectionErrors += 1;
      }
      sample(error.code, error.message);
    },
  });

  const recogniser = new GatherRecogniser(behaviour.flow.compiled);
  const agents = agentIds.map((id, i) => {
    const script = new LoadAgent(behaviour.work, new Rng(streamSeed(options.seed, `agent-${i}`)), staff[i]!.pool);
    // Agents log on one after another over the first seconds, as a shift does: all at one instant, idle agents would ask for the next caller in lockstep.
    // A call lasts at most Twilio's 4 hours (the emulator's time limit too): an agent whose line call ended before
    // the run did (that limit, or cut mid-call by it and then logged out by the wrap-up limit) calls the agent line
    // again at once, as a person on a long shift would, so a run of days keeps its agents.
    // No status callback: the agent line has none (its agents' calls are not the voice flow's).
    const call = options.clock.sleep((i * AGENT_LOGON_SEC) / agentIds.length, undefined, -2).then(async () => {
      for (;;) {
        const result = await emulator.placeCall({
          url: `${baseUrl}/agent/voice`,
          from: agentPhone(id),
          to: '+8653112345',
          script,
        });
        // Refused at once (not registered, no longer active): calling again would not help.
        if (script.hungUp() || result.durationSec < 1) return;
      }
    });
    return { script, call };
  });

  let results: Pick<EmulatedCallResult, 'endedBy' | 'errors'>[] = [];
  /** The measured calls' CallSids by the order they were placed (the first placed arrives first). */
  const measuredSids: string[] = [];
  /** CallSids of replayed callers' redials, in the order they ended. */
  const redialSids: string[] = [];
  let placed = 0;
  /** Places `calls` calls, `concurrency` at a time: warm-up calls have their own random streams and are not reported. */
  const round = async (calls: number, phase: 'warmup' | 'measured') => {
    const report = phase === 'measured';
    placed = 0;
    const worker = async (slot: number) => {
      await options.clock.sleep((slot * options.rampSec) / Math.max(1, options.concurrency), undefined, -1);
      while (placed < calls) {
        const n = placed;
        placed += 1;
        const caller = new ScenarioCaller(
          behaviour,
          recogniser,
          new Rng(streamSeed(options.seed, `${report ? 'caller' : 'warmup'}-${n}`)),
        );
        const result = await emulator.placeCall({
          url: `${baseUrl}/voice`,
          from: citizenNumber(n, phase),
          to: '+8653112345',
          script: caller,
          statusCallback: `${baseUrl}/voice/status`,
        });
        results.push({ endedBy: result.endedBy, errors: result.errors });
        if (report) measuredSids[n] = result.callSid;
        if (report) options.onCallDone?.(results.length);
      }
    };
    await Promise.all(Array.from({ length: Math.min(options.concurrency, calls) }, (_, slot) => worker(slot)));
  };
  /**
   * The replayed arrival stream: each call at its own time, all at once (no concurrency limit). A caller who
   * abandons in the queue redials from the same number as `behaviour.redial` says (its own random stream), so
   * redials follow the live abandonments, not the ones of the run the arrivals came from.
   */
  const replay = async (arrivals: readonly LoadArrival[]) => {
    const redial = behaviour.redial ?? null;
    const call = async (from: string, n: number, tries: number): Promise<void> => {
      const stream = tries === 0 ? `caller-${n}` : `caller-${n}-redial-${tries}`;
      const caller = new ScenarioCaller(behaviour, recogniser, new Rng(streamSeed(options.seed, stream)));
      const result = await emulator.placeCall({
        url: `${baseUrl}/voice`,
        from,
        to: '+8653112345',
        script: caller,
        statusCallback: `${baseUrl}/voice/status`,
      });
      results.push({ endedBy: result.endedBy, errors: result.errors });
      if (tries === 0) measuredSids[n] = result.callSid;
      else redialSids.push(result.callSid);
      options.onCallDone?.(results.length);
      if (!redial || !caller.abandonedInQueue(result.endedBy)) return;
      const rng = new Rng(streamSeed(options.seed, `redial-${n}-${tries}`));
      if (rng.next() >= redial.probability) return;
      await options.clock.sleep(Math.max(0, redial.delaySec(rng)), undefined, -1);
      await call(from, n, tries + 1);
    };
    await Promise.all(
      arrivals.map(async (arrival, n) => {
        await options.clock.sleep(arrival.atSec, undefined, -1);
        await call(arrival.from, n, 0);
      }),
    );
  };
  if (options.warmupCalls && !options.arrivals) {
    await round(options.warmupCalls, 'warmup');
    results = [];
  }
  measuring = true;
  const started = performance.now();
  if (options.arrivals) await replay(options.arrivals);
  else await round(options.calls, 'measured');
  const wallSec = (performance.now() - started) / 1000;
  measuring = false;
  for (const agent of agents) agent.script.stop();
  await Promise.all(agents.map((a) => a.call));
  for (let i = 0; i < agentIds.length; i += 1) await putAgent(i, { active: false });
  await transport.close();
  let service: LoadService | null = null;
  let serviceProblem: string | null = null;
  try {
    service = await loadService(
      admin,
      [...measuredSids.filter((sid) => sid !== undefined), ...redialSids],
      options.serviceWaitMs === undefined ? {} : { waitMs: options.serviceWaitMs },
    );
  } catch (error) {
    // A server without the admin API (a bare TwiML app in the benchmark) still gets its latency figures.
    if (!(error instanceof HotlineError)) throw error;
    serviceProblem = error.message;
  }

  let invalidTwiml = 0;
  const endings: Record<string, number> = {};
  for (const result of results) {
    endings[result.endedBy] = (endings[result.endedBy] ?? 0) + 1;
    for (const error of result.errors) {
      if (error.code >= 12100) {
        invalidTwiml += 1;
        sample(error.code, error.message);
      }
    }
  }
  const all = [...documents, ...callbacks];
  return {
    calls: results.length,
    concurrency: options.concurrency,
    agents: agentIds.length,
    wallSec,
    callsPerSec: results.length / wallSec,
    webhooks: all.length,
    webhooksPerSec: all.length / wallSec,
    latencyMs: { documents: latencyFigures(documents), callbacks: latencyFigures(callbacks), all: latencyFigures(all) },
    latencyByPath: Object.fromEntries(
      [...byPath].map(([path, values]) => [path, latencyFigures(values)] as const).sort((a, b) => b[1].p99 - a[1].p99),
    ),
    httpErrors,
    timeouts,
    connectionErrors,
    invalidTwiml,
    errorSamples: samples,
    endings,
    serverFollowsClock: followsClock,
    timing: options.timing ?? 'worker',
    service,
    serviceProblem,
    flowWarning,
  };
}

/**
 * A distinct E.164 mobile number per load caller (callers get callback offers only with a valid number); warm-up
 * callers have numbers of their own, so that no measured call counts as a redial of a warm-up call.
 */
function citizenNumber(n: number, phase: 'warmup' | 'measured'): string {
  return `+86${phase === 'warmup' ? '137' : '138'}${String(n % 100_000_000).padStart(8, '0')}`;
}

function agentPhone(id: string): string {
  return `+86139${id.padStart(8, '0').slice(-8)}`;
}
