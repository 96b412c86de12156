import type { FlowPath } from '../flow/graph/coverage-paths.js';
import { coverageOf, flowTestPaths, type CoverageCount } from '../flow/graph/flow-coverage.js';
import { SILENT_CALLER, type CallerScript } from '../twilio/emulator/caller-script.js';
import { TwilioEmulator } from '../twilio/emulator/twilio-emulator.js';
import type { WebhookExchange } from '../twilio/emulator/webhook-client.js';
import { adminClient, listAllCalls, type ServerUnderTest } from './admin-client.js';
import type { CallRecord } from '../record/call-record.js';
import { PathCaller, type StepFailure } from './path-caller.js';
import { describePath, expectedOutcome, waitingSteps } from './path-expectation.js';

/** The server under test, and what `hotline test` needs to know of it. */
export interface FlowTestOptions extends ServerUnderTest {
  /** A case number the server's directory knows, and one it does not. */
  readonly knownCase: string;
  readonly unknownCase: string;
  readonly transferNumbers?: Readonly<Record<string, string>>;
  readonly citizen?: string;
  readonly hotline?: string;
  /** Told after each path. */
  readonly onPath?: (report: PathReport, done: number, total: number) => void;
}

/** One path's result. */
export interface PathReport {
  readonly name: string;
  readonly direction: 'inbound' | 'callback';
  readonly description: string;
  readonly callSid: string;
  readonly passed: boolean;
  readonly failures: readonly StepFailure[];
  readonly requests: number;
  readonly durationSec: number;
  /** The record the server wrote for the path's call (absent when none): QA runs feed the same KPIs as live calls. */
  readonly record?: CallRecord;
}

/** Covered out of total, and what was missed. */
export type Coverage = CoverageCount;

/** The result of `hotline test`. */
export interface FlowTestReport {
  readonly flow: string;
  readonly baseUrl: string;
  readonly criterion: string;
  readonly paths: readonly PathReport[];
  readonly states: Coverage;
  readonly transitions: Coverage;
  readonly requests: number;
  /** Whether the server followed the emulator's clock (queue timers in virtual time). */
  readonly serverFollowsClock: boolean;
  readonly passed: boolean;
}

const DEFAULT_AGENT = { id: '80139999', phone: '+8613900009999' };
const CITIZEN = '+8613800138000';
const HOTLINE = '+8653112345';

/**
 * Tests a server against a flow: enumerates the flow's paths (every simple
 * path, or every transition when there are too many), runs each as a
 * scripted caller through the emulator against the server, checks every
 * waiting step's TwiML and the call record's outcome, and reports state and
 * transition coverage. Paths run one at a time, since an agent takes the
 * longest-waiting caller of the whole server.
 */
export async function runFlowTest(options: FlowTestOptions): Promise<FlowTestReport> {
  const { flow, baseUrl } = options;
  const agent = options.agent ?? DEFAULT_AGENT;
  const citizen = options.citizen ?? CITIZEN;
  const hotline = options.hotline ?? HOTLINE;
  const admin = adminClient(baseUrl, options.adminToken);
  await admin('PUT', `/admin/agents/${agent.id}`, {
    name: 'hotline test agent',
    phone: agent.phone,
    skills: [...flow.skills],
    pool: 'in-house',
    active: true,
  });
  const callers = new Map<string, PathCaller>();
  let requests = 0;
  let followsClock = false;
  const emulator = new TwilioEmulator({
    authToken: options.authToken,
    clock: options.clock,
    seed: `hotline-test:${flow.id}:${options.clock.now()}`,
    ...(options.publicUrl ? { rewrite: { actual: baseUrl, public: options.publicUrl } } : {}),
    world: (_to, wait) => callers.get(wait.callSid)?.dialAnswer() ?? { status: 'completed', ringSec: 3, talkSec: 60 },
    onExchange: (exchange: WebhookExchange) => {
      requests += 1;
      if (exchange.serverClock === 'emulator') followsClock = true;
    },
  });
  const { inbound, callback: callbackPaths } = flowTestPaths(flow);
  const total = inbound.paths.length + callbackPaths.paths.length;
  const reports: PathReport[] = [];
  const expected = new Map<string, { outcome: string; direction: string }>();

  const runPath = async (
    path: FlowPath,
    name: string,
    direction: 'inbound' | 'callback',
    callbackId?: string,
  ): Promise<PathReport> => {
    const callSid = emulator.nextCallSid();
    const agents: Promise<unknown>[] = [];
    const caller = new PathCaller(waitingSteps(path), {
      knownCase: options.knownCase,
      unknownCase: options.unknownCase,
      ...(options.transferNumbers ? { transferNumbers: options.transferNumbers } : {}),
      onAgentNeeded: () => {
        const script: CallerScript = { ...SILENT_CALLER, talkSec: () => 180 };
        agents.push(
          emulator.placeCall({
            url: `${baseUrl}/agent/voice`,
            from: agent.phone,
            to: hotline,
            script,
            statusCallback: `${baseUrl}/voice/status`,
          }),
        );
      },
    });
    callers.set(callSid, caller);
    const before = requests;
    const result = await emulator.placeCall(
      callbackId === undefined
        ? {
            url: `${baseUrl}/voice`,
            from: citizen,
            to: hotline,
            script: caller,
            statusCallback: `${baseUrl}/voice/status`,
          }
        : {
            url: `${baseUrl}/callback/answer?id=${encodeURIComponent(callbackId)}`,
            from: hotline,
            to: citizen,
            direction: 'outbound-api',
            script: caller,
            statusCallback: `${baseUrl}/voice/status`,
          },
      callSid,
    );
    await Promise.all(agents);
    caller.finish(result);
    callers.delete(callSid);
    expected.set(callSid, { outcome: expectedOutcome(path), direction });
    return {
      name,
      direction,
      description: describePath(path),
      callSid,
      passed: caller.failures.length === 0,
      failures: caller.failures,
      requests: requests - before,
      durationSec: result.durationSec,
    };
  };

  for (const [i, path] of inbound.paths.entries()) {
    const report = await runPath(path, `inbound ${i + 1}`, 'inbound');
    reports.push(report);
    options.onPath?.(report, reports.length, total);
  }
  // A callback leg starts from a booked callback: book one with an inbound path that accepts the offer (queue skill general), then answer it.
  const booking = inbound.paths.find((p) =>
    waitingSteps(p).some((w) => w.event?.type === 'CALLBACK_REQUESTED' && w.target === 'general'),
  );
  for (const [i, path] of callbackPaths.paths.entries()) {
    const name = `callback ${i + 1}`;
    if (!booking) {
      reports.push({
        name,
        direction: 'callback',
        description: describePath(path),
        callSid: '',
        passed: false,
        requests: 0,
        durationSec: 0,
        failures: [
          {
            step: 0,
            stateId: 'start',
            kind: 'call',
            problems: ['no inbound path books a callback for skill "general", so the callback leg cannot be started'],
            twiml: '',
          },
        ],
      });
      continue;
    }
    const booked = await runPath(booking, `${name} (booking)`, 'inbound');
    const callbacks = (await admin('GET', '/admin/callbacks')) as {
      callbacks: { id: string; callSid: string; status: string }[];
    };
    const id = callbacks.callbacks.find((c) => c.callSid === booked.callSid && c.status === 'pending')?.id;
    const report =
      id === undefined
        ? {
            name,
            direction: 'callback' as const,
            description: describePath(path),
            callSid: '',
            passed: false,
            requests: 0,
            durationSec: 0,
            failures: [
              {
                step: 0,
                stateId: 'start',
                kind: 'call' as const,
                problems: [`the booking call ${booked.callSid} left no pending callback (GET /admin/callbacks)`],
                twiml: '',
              },
            ],
          }
        : await runPath(path, name, 'callback', id);
    reports.push(report);
    options.onPath?.(report, reports.length, total);
  }

  // The call records must tell the same story.
  const bySid = new Map((await listAllCalls(admin)).map((r) => [r.callSid, r]));
  const checked = reports.map((report) => {
    const want = expected.get(report.callSid);
    if (!want || report.callSid === '') return report;
    const record = bySid.get(report.callSid);
    const problems: string[] = [];
    if (!record) problems.push('no call record (GET /admin/calls)');
    else {
      if (record.outcome !== want.outcome)
        problems.push(`call record outcome "${record.outcome}", the path means "${want.outcome}"`);
      if (record.direction !== want.direction)
        problems.push(`call record direction "${record.direction}", expected "${want.direction}"`);
      if (record.endSec === null) problems.push('the call record was never closed');
    }
    const recorded: PathReport = record ? { ...report, record } : report;
    if (problems.length === 0) return recorded;
    return {
      ...recorded,
      passed: false,
      failures: [
        ...report.failures,
        { step: 0, stateId: 'record', kind: 'call' as const, problems, twiml: JSON.stringify(record ?? null) },
      ],
    };
  });
  await admin('PUT', `/admin/agents/${agent.id}`, {
    name: 'hotline test agent',
    phone: agent.phone,
    skills: [...flow.skills],
    pool: 'in-house',
    active: false,
  });

  const allPaths = [
    ...inbound.paths.map((p, i) => ({ p, r: checked[i]! })),
    ...callbackPaths.paths.map((p, i) => ({ p, r: checked[inbound.paths.length + i]! })),
  ];
  const passedPaths = allPaths.filter(({ r }) => r.passed).map(({ p }) => p);
  const coverage = coverageOf(
    flow,
    allPaths.map(({ p }) => p),
    passedPaths,
    inbound.edges + callbackPaths.edges,
  );
  return {
    flow: flow.id,
    baseUrl,
    criterion:
      inbound.criterion === callbackPaths.criterion
        ? inbound.criterion
        : `${inbound.criterion} (inbound), ${callbackPaths.criterion} (callback legs)`,
    paths: checked,
    states: coverage.states,
    transitions: { ...coverage.transitions, missing: coverage.transitions.missing.slice(0, 20) },
    requests,
    serverFollowsClock: followsClock,
    passed: checked.every((r) => r.passed),
  };
}
