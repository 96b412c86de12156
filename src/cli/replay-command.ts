import { relative } from 'node:path';
import type { Command } from 'commander';
import { HotlineError, isHotlineError } from '../errors.js';
import type { FlowDefinition } from '../flow/flow-definition.js';
import { loadFlow } from '../scenario/load-flow.js';
import { DEFAULT_SPEECH_RATE } from '../flow/prompt-duration.js';
import { readRecording, recordingPaths } from '../replay/recording-files.js';
import { replayRecording, type ReplayResult } from '../replay/replay-recording.js';
import type { CallOutcome } from '../record/call-record.js';
import { oneLine } from './cli-error.js';
import { numberInRange } from './command-options.js';
import { replayAgainstServer } from '../qa/server-replay.js';
import { VirtualClock } from '../twilio/emulator/emulator-clock.js';
import { targetServer } from './target-server.js';
import { flowReferenceOptions, withFlowOptions, type FlowFlags } from './flow-options.js';
import { FLOW_ID_PATTERN, resolveFlowReference, type FlowReferenceOptions } from '../scenario/flow-reference.js';
import type { Recording } from '../replay/recording-files.js';

/** What `hotline replay` needs from outside. */
export interface ReplayDeps {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly now: () => number;
}

/** A replayed call as the command prints it: the record's outcome stands for the record. */
type Entry =
  | ({ file: string; outcome: CallOutcome | null } & Omit<ReplayResult, 'file' | 'record'>)
  | { file: string; error: { code: string; message: string } };

const s = (x: number | null) => (x === null ? '-' : `${x.toFixed(1)} s`);

/**
 * The flow file a recording's flowId names: an id in the flows directory, never
 * a path unless --allow-flow-paths (then relative to the recording). Nothing runs here.
 */
function recordedFlowFile(recording: Recording, flows: FlowReferenceOptions): string {
  return resolveFlowReference(
    recording.metadata.flowId,
    { file: recording.file, where: `${recording.file}: flowId` },
    flows,
  );
}

/** The flow the user named with --flow: a path or name, as given (their choice); a bare id looks in --flows DIR when given. */
function userFlow(spec: string, flows: FlowReferenceOptions, cwd: string): Promise<FlowDefinition> {
  if (flows.flowsDir && FLOW_ID_PATTERN.test(spec))
    return loadFlow(resolveFlowReference(spec, { file: cwd, where: '--flow' }, flows));
  return loadFlow(spec, cwd);
}

/**
 * `hotline replay RECORDING... [--flow FLOW] [--json]`: each recorded caller
 * replayed against a flow in virtual time. Exit 0 when every call took the
 * recorded way, 1 when any diverged, 2 when any recording could not be read
 * or replayed (that wins over 1).
 */
export function registerReplayCommand(program: Command, deps: ReplayDeps, result: { code: number }): void {
  withFlowOptions(program.command('replay'))
    .argument('<recording...>', 'recordings (NAME.json or NAME.wav) or folders of them')
    .description(
      'replay recorded callers against a flow (e.g. a changed one) and report where each call now goes and the first step that differs',
    )
    .option('--flow <name|path>', "flow to replay against (default: each recording's own flow, by its flowId)")
    .option(
      '--cmn-rate <chars/s>',
      'Mandarin TTS speed, characters per second',
      String(DEFAULT_SPEECH_RATE.cmnCharsPerSec),
    )
    .option('--en-rate <words/s>', 'English TTS speed, words per second', String(DEFAULT_SPEECH_RATE.enWordsPerSec))
    .option('--json', 'print one JSON object: { flow, calls: [...], summary: { calls, diverged, errors } }')
    .option(
      '--url <base>',
      'replay through the local Twilio emulator against a running `hotline serve --emulator-clock` instead, comparing call outcomes',
    )
    .option('--public-url <url>', 'with --url: the PUBLIC_URL the server checks signatures against')
    .option('--allow-remote', 'with --url: allow a non-loopback host')
    .action(
      async (
        args: string[],
        flags: FlowFlags & {
          flow?: string;
          cmnRate: string;
          enRate: string;
          json?: boolean;
          url?: string;
          publicUrl?: string;
          allowRemote?: boolean;
        },
      ) => {
        const flowRefs = flowReferenceOptions(flags, deps.cwd);
        if (flags.url) {
          result.code = await replayOnServer(args, flags as typeof flags & { url: string }, flowRefs, deps);
          return;
        }
        const speechRate = {
          cmnCharsPerSec: numberInRange(flags.cmnRate, '--cmn-rate', 0.1, 100),
          enWordsPerSec: numberInRange(flags.enRate, '--en-rate', 0.1, 100),
        };
        const fixed = flags.flow ? await userFlow(flags.flow, flowRefs, deps.cwd) : null;
        const flows = new Map<string, FlowDefinition>();
        const entries: Entry[] = [];
        for (const path of recordingPaths(args, deps.cwd)) {
          const file = relative(deps.cwd, path) || path;
          try {
            const recording = readRecording(path);
            let flow = fixed;
            if (!flow) {
              const flowFile = recordedFlowFile(recording, flowRefs);
              flow = flows.get(flowFile) ?? (await loadFlow(flowFile));
              flows.set(flowFile, flow);
            }
            const { file: _file, record, ...replayed } = replayRecording(recording, flow, { speechRate });
            entries.push({ file, ...replayed, outcome: record.outcome });
          } catch (error) {
            if (!isHotlineError(error)) throw error;
            entries.push({ file, error: { code: error.code, message: error.message } });
          }
        }
        const diverged = entries.filter((e) => 'divergence' in e && e.divergence !== null).length;
        const errors = entries.filter((e) => 'error' in e).length;
        result.code = errors > 0 ? 2 : diverged > 0 ? 1 : 0;
        const summary = { calls: entries.length, diverged, errors };
        if (flags.json) {
          deps.stdout(`${JSON.stringify({ flow: fixed?.id ?? null, calls: entries, summary })}\n`);
          return;
        }
        for (const e of entries) {
          if ('error' in e) {
            deps.stderr(`hotline: ${e.error.code}: ${oneLine(e.error.message)}\n`);
            continue;
          }
          const where =
            e.destination === e.expectedDestination
              ? e.destination
              : `${e.destination} (recorded: ${e.expectedDestination ?? '-'})`;
          const verdict =
            e.divergence === null
              ? 'same as recorded'
              : `DIVERGES at step ${e.divergence.step + 1} (${s(e.divergence.atSec)}): recorded ${e.divergence.expected ?? '(call over)'}, now ${e.divergence.actual ?? '(call over)'}`;
          deps.stdout(
            `${e.file}: ${where}, IVR ${s(e.ivrSec)} (recorded ${s(e.expectedIvrSec)}), ${e.outcome}; ${verdict}\n`,
          );
        }
        deps.stdout(
          `${summary.calls} call(s) replayed against ${fixed ? `flow "${fixed.id}"` : 'their own flows'}: ${diverged} diverged${errors ? `, ${errors} could not be replayed` : ''}.\n`,
        );
      },
    );
}

/**
 * `hotline replay RECORDING... --url BASE`: the recorded callers through the
 * emulator against a running server (one flow: --flow, else the first
 * recording's); per call the recorded outcome and the server's. Exit 1 when
 * any differs, 2 when the server or a recording cannot be used.
 */
async function replayOnServer(
  args: readonly string[],
  flags: { url: string; flow?: string; publicUrl?: string; allowRemote?: boolean; json?: boolean },
  flowRefs: FlowReferenceOptions,
  deps: ReplayDeps,
): Promise<number> {
  const recordings = recordingPaths(args, deps.cwd).map((path) => readRecording(path));
  const first = recordings[0];
  if (!first) throw new HotlineError('HOTLINE_RECORDING_INVALID', `No recordings in ${args.join(', ')}.`);
  const flow = flags.flow
    ? await userFlow(flags.flow, flowRefs, deps.cwd)
    : await loadFlow(recordedFlowFile(first, flowRefs));
  const server = await targetServer(flags, flow, deps.env, deps.cwd, 'replay');
  const mine = recordings.filter((r) => r.metadata.flowId === flow.id);
  const results = await replayAgainstServer(mine, {
    flow,
    baseUrl: server.baseUrl,
    authToken: server.authToken,
    adminToken: server.adminToken,
    ...(server.publicUrl ? { publicUrl: server.publicUrl } : {}),
    clock: new VirtualClock(deps.now()),
  });
  // Printed with the server's outcome standing for its record.
  const calls = results.map(({ record, ...r }) => ({
    ...r,
    outcome: record?.outcome ?? null,
    file: relative(deps.cwd, r.file) || r.file,
  }));
  const differing = calls.filter((r) => !r.skipped && r.outcome !== r.expectedOutcome).length;
  const skipped = recordings.length - mine.length + results.filter((r) => r.skipped).length;
  if (flags.json) {
    deps.stdout(
      `${JSON.stringify({ flow: flow.id, url: server.baseUrl, calls, summary: { calls: results.length, differing, skipped } })}\n`,
    );
  } else {
    for (const r of calls) {
      deps.stdout(
        r.skipped
          ? `${r.file}: skipped (${r.skipped})\n`
          : `${r.file}: recorded ${r.expectedOutcome ?? '-'}, server ${r.outcome ?? '(no record)'}${r.outcome === r.expectedOutcome ? '' : '  DIFFERS'}\n`,
      );
    }
    deps.stdout(
      `${results.length - results.filter((r) => r.skipped).length} call(s) replayed against ${server.baseUrl} (flow "${flow.id}"): ${differing} with another outcome${skipped ? `, ${skipped} skipped (callback legs or another flow)` : ''}.\n`,
    );
  }
  return differing > 0 ? 1 : 0;
}
