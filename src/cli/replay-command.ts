import { relative } from 'node:path';
import type { Command } from 'commander';
import { isHotlineError } from '../errors.js';
import type { FlowDefinition } from '../flow/flow-definition.js';
import { loadFlow } from '../scenario/load-flow.js';
import { DEFAULT_SPEECH_RATE } from '../sim/ivr-caller-model.js';
import { readRecording, recordingPaths } from '../replay/recording-metadata.js';
import { replayRecording, type ReplayResult } from '../replay/replay-recording.js';
import { positiveNumberOption } from './command-options.js';

/** What `hotline replay` needs from outside. */
export interface ReplayDeps {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
}

type Entry = ({ file: string } & Omit<ReplayResult, 'file'>) | { file: string; error: { code: string; message: string } };

const s = (x: number | null) => (x === null ? '-' : `${x.toFixed(1)} s`);

/**
 * `hotline replay RECORDING... [--flow FLOW] [--json]`: each recorded caller
 * replayed against a flow in virtual time. Exit 0 when every call took the
 * recorded way, 1 when any diverged, 2 when any recording could not be read
 * or replayed (that wins over 1).
 */
export function registerReplayCommand(program: Command, deps: ReplayDeps, result: { code: number }): void {
  program
    .command('replay')
    .argument('<recording...>', 'recordings (NAME.json or NAME.wav) or folders of them')
    .description('replay recorded callers against a flow (e.g. a changed one) and report where each call now goes and the first step that differs')
    .option('--flow <name|path>', "flow to replay against (default: each recording's own flow, by its flowId)")
    .option('--cmn-rate <chars/s>', 'Mandarin TTS speed, characters per second', String(DEFAULT_SPEECH_RATE.cmnCharsPerSec))
    .option('--en-rate <words/s>', 'English TTS speed, words per second', String(DEFAULT_SPEECH_RATE.enWordsPerSec))
    .option('--json', 'print one JSON object: { flow, calls: [...], summary: { calls, diverged, errors } }')
    .action(async (args: string[], flags: { flow?: string; cmnRate: string; enRate: string; json?: boolean }) => {
      const speechRate = { cmnCharsPerSec: positiveNumberOption(flags.cmnRate, '--cmn-rate'), enWordsPerSec: positiveNumberOption(flags.enRate, '--en-rate') };
      const fixed = flags.flow ? await loadFlow(flags.flow, deps.cwd) : null;
      const flows = new Map<string, FlowDefinition>();
      const entries: Entry[] = [];
      for (const path of recordingPaths(args, deps.cwd)) {
        const file = relative(deps.cwd, path) || path;
        try {
          const recording = readRecording(path);
          let flow = fixed ?? flows.get(recording.metadata.flowId);
          if (!flow) {
            flow = await loadFlow(recording.metadata.flowId, deps.cwd);
            flows.set(recording.metadata.flowId, flow);
          }
          const { file: _file, ...replayed } = replayRecording(recording, flow, { speechRate });
          entries.push({ file, ...replayed });
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
          deps.stderr(`hotline: ${e.error.code}: ${e.error.message}\n`);
          continue;
        }
        const where = e.destination === e.expectedDestination ? e.destination : `${e.destination} (recorded: ${e.expectedDestination ?? '-'})`;
        const verdict = e.divergence === null
          ? 'same as recorded'
          : `DIVERGES at step ${e.divergence.step + 1} (${s(e.divergence.atSec)}): recorded ${e.divergence.expected ?? '(call over)'}, now ${e.divergence.actual ?? '(call over)'}`;
        deps.stdout(`${e.file}: ${where}, IVR ${s(e.ivrSec)} (recorded ${s(e.expectedIvrSec)}), ${e.outcome}; ${verdict}\n`);
      }
      deps.stdout(`${summary.calls} call(s) replayed against ${fixed ? `flow "${fixed.id}"` : 'their own flows'}: ${diverged} diverged${errors ? `, ${errors} could not be replayed` : ''}.\n`);
    });
}
