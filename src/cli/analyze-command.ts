import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { traceWav, type CallTrace } from '../audio/call-trace.js';
import { unaccountedAudio } from '../audio/pcm.js';
import { isHotlineError } from '../errors.js';
import { oneLine } from './cli-error.js';

/** What `hotline analyze` needs from outside. */
export interface AnalyzeDeps {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
}

const s = (x: number) => x.toFixed(2);

/** A file that could not be read (missing, a folder, no permission) as a coded error naming it. */
function fileFailure(error: unknown, file: string): { code: string; message: string } {
  const code = (error as NodeJS.ErrnoException).code ?? 'unknown';
  return { code: 'HOTLINE_FILE_ACCESS', message: `${file}: cannot read it (${code}); give the path of a WAV file.` };
}

/** `hotline analyze WAV... [--json]`: the keys (DTMF) and speech segments of each recording. Exit 2 if any file could not be read (bad input; the others are still analysed). */
export function registerAnalyzeCommand(program: Command, deps: AnalyzeDeps, result: { code: number }): void {
  program
    .command('analyze')
    .argument('<wav...>', 'recordings to analyse (WAV: 8 kHz mu-law, or PCM)')
    .description('read keys (DTMF, ITU-T Q.24) and speech segments from recorded calls')
    .option(
      '--json',
      'print one JSON object: { files: [{ file, durationSec, digits, speech, hangupSec } | { file, error }] }',
    )
    .action((files: string[], flags: { json?: boolean }) => {
      const out: ({ file: string } & (CallTrace | { error: { code: string; message: string } }))[] = [];
      for (const file of files) {
        try {
          const bytes = readFileSync(resolve(deps.cwd, file));
          out.push({ file, ...traceWav(bytes, file) });
          const extra = unaccountedAudio(bytes, file);
          // Not an error (the counted audio is sound), but never a silent partial analysis.
          if (extra.bytes > 0)
            deps.stderr(
              `hotline: warning: ${file}: ${extra.bytes} bytes (${extra.seconds.toFixed(2)} s) of audio after what its header counts were not analysed; the recording stopped before its header was updated (repair or re-export it to include them).\n`,
            );
        } catch (error) {
          const failure = isHotlineError(error)
            ? { code: error.code, message: error.message }
            : fileFailure(error, file);
          out.push({ file, error: failure });
          result.code = 2;
        }
      }
      if (flags.json) {
        deps.stdout(`${JSON.stringify({ files: out })}\n`);
        return;
      }
      for (const entry of out) {
        if ('error' in entry) {
          deps.stderr(`hotline: ${entry.error.code}: ${oneLine(entry.error.message)}\n`);
          continue;
        }
        deps.stdout(
          `${entry.file}: ${s(entry.durationSec)} s, keys "${entry.digits.map((d) => d.digit).join('')}", ${entry.speech.length} speech segment(s), hang-up at ${s(entry.hangupSec)} s\n`,
        );
        for (const d of entry.digits) deps.stdout(`  key ${d.digit}  ${s(d.startSec)}–${s(d.endSec)} s\n`);
        for (const sp of entry.speech) deps.stdout(`  speech  ${s(sp.startSec)}–${s(sp.endSec)} s\n`);
      }
    });
}
