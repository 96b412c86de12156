import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { checkFlowStarts } from '../flow/runtime/flow-start-check.js';
import { loadFlow, shippedFlows } from '../scenario/load-flow.js';
import { runFlowTest, type FlowTestReport } from '../qa/flow-test.js';
import { junitReport } from '../qa/junit-report.js';
import { VirtualClock } from '../twilio/emulator/emulator-clock.js';
import { targetServer, type TargetFlags } from './target-server.js';

/** What `hotline test` needs from outside. */
export interface TestDeps {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly now: () => number;
  readonly monotonicMs: () => number;
}

interface TestFlags extends TargetFlags {
  readonly junit?: string;
  readonly json?: boolean;
  readonly knownCase: string;
  readonly unknownCase: string;
  readonly showPassed?: boolean;
}

/** Case numbers of the sample directory (flows/data/sample-cases.json): one it has, one it lacks. */
const SAMPLE_KNOWN_CASE = '202611240001';
const SAMPLE_UNKNOWN_CASE = '202611249999';

function indent(text: string, by: string): string {
  return text
    .split('\n')
    .map((line) => by + line)
    .join('\n');
}

function printReport(report: FlowTestReport, out: (line: string) => void, showPassed: boolean): void {
  const failed = report.paths.filter((p) => !p.passed);
  for (const path of report.paths) {
    if (path.passed) {
      if (showPassed) out(`  ok   ${path.name}: ${path.description}`);
      continue;
    }
    out(`  FAIL ${path.name}: ${path.description}  (${path.callSid || 'not placed'})`);
    for (const failure of path.failures) {
      out(`    step ${failure.step}, ${failure.kind} at "${failure.stateId}":`);
      for (const problem of failure.problems) out(`      - ${problem}`);
      if (failure.twiml) out(`      TwiML received:\n${indent(failure.twiml, '        ')}`);
    }
  }
  out(
    `  paths: ${report.paths.length} (${report.criterion}): ${report.paths.length - failed.length} passed, ${failed.length} failed`,
  );
  out(
    `  coverage: states ${report.states.covered}/${report.states.total}, transitions ${report.transitions.covered}/${report.transitions.total}${report.states.missing.length ? ` (states not covered: ${report.states.missing.join(', ')})` : ''}`,
  );
  if (!report.serverFollowsClock)
    out(
      "  note: the server does not follow the emulator's clock (start it with `hotline serve --emulator-clock`), so queue timers ran on its own clock",
    );
}

/**
 * `hotline test [FLOW...] [--url BASE] [--junit FILE] [--json]`: every path
 * of each flow as a scripted caller through the local Twilio emulator,
 * against a running server (--url) or one started here. Exit 0 when every
 * step of every path matched the flow, 1 when any did not, 2 on bad input.
 */
export function registerTestCommand(program: Command, deps: TestDeps, result: { code: number }): void {
  program
    .command('test')
    .argument('[flow...]', 'flows to test (names in flows/ or files); default: every shipped flow')
    .description(
      "call every path of a flow through the local Twilio emulator and check each step's TwiML against the flow; reports state and transition coverage",
    )
    .option('--url <base>', 'test a running `hotline serve --emulator-clock` (default: start one in-process)')
    .option('--public-url <url>', 'the PUBLIC_URL the server checks signatures against (default: --url)')
    .option('--allow-remote', 'allow --url on a non-loopback host')
    .option('--junit <file>', 'also write a JUnit XML report (one test case per path)')
    .option('--json', 'print the reports as JSON')
    .option('--known-case <number>', "a case number the server's case directory knows", SAMPLE_KNOWN_CASE)
    .option('--unknown-case <number>', 'a case number it does not know', SAMPLE_UNKNOWN_CASE)
    .option('--show-passed', 'list passing paths too')
    .action(async (specs: string[], flags: TestFlags) => {
      const out = (line: string) => deps.stdout(`${line}\n`);
      const started = deps.monotonicMs();
      const names = specs.length > 0 ? specs : shippedFlows();
      const reports: FlowTestReport[] = [];
      // A flow or server that cannot be used throws: main() prints it as one line, exit 2.
      await testFlows(names, flags, deps, out, reports);
      const elapsedSec = (deps.monotonicMs() - started) / 1000;
      if (flags.junit) {
        const file = resolve(deps.cwd, flags.junit);
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, junitReport(reports, elapsedSec));
        if (!flags.json) out(`JUnit report: ${file}`);
      }
      if (flags.json)
        deps.stdout(`${JSON.stringify({ flows: reports, passed: reports.every((r) => r.passed) }, null, 2)}\n`);
      result.code = reports.every((r) => r.passed) ? 0 : 1;
    });
}

async function testFlows(
  names: readonly string[],
  flags: TestFlags,
  deps: TestDeps,
  out: (line: string) => void,
  reports: FlowTestReport[],
): Promise<void> {
  for (const spec of names) {
    const flow = await loadFlow(spec, deps.cwd);
    // A flow that throws as a call starts fails every path the same way: say why once (exit 2).
    await checkFlowStarts(flow);
    const server = await targetServer(flags, flow, deps.env, deps.cwd, 'test');
    try {
      if (!flags.json) out(`hotline test: flow "${flow.id}" against ${server.description}`);
      const flowStart = deps.monotonicMs();
      const report = await runFlowTest({
        flow,
        baseUrl: server.baseUrl,
        authToken: server.authToken,
        adminToken: server.adminToken,
        ...(server.publicUrl ? { publicUrl: server.publicUrl } : {}),
        transferNumbers: server.transferNumbers,
        clock: new VirtualClock(deps.now()),
        knownCase: flags.knownCase,
        unknownCase: flags.unknownCase,
      });
      reports.push(report);
      if (!flags.json) {
        printReport(report, out, Boolean(flags.showPassed));
        out(
          `  ${report.requests} webhook requests in ${((deps.monotonicMs() - flowStart) / 1000).toFixed(1)} s: ${report.passed ? 'PASS' : 'FAIL'}`,
        );
      }
    } finally {
      await server.close();
    }
  }
}
