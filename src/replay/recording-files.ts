/**
 * Recordings on disk (hotline-recording/1): reading one, and finding the ones a command names.
 * The format itself (schema, parsing) is record/recording-metadata.ts.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { HotlineError } from '../errors.js';
import { parseRecordingMetadata, RECORDING_FORMAT, type RecordingMetadata } from '../record/recording-metadata.js';

/** A recording on disk: its metadata and the WAV bytes. */
export interface Recording {
  /** The metadata file's path. */
  readonly file: string;
  readonly metadata: RecordingMetadata;
  readonly wav: Uint8Array;
}

/** Reads one recording from its `.json` or `.wav` path (the other file is found beside it). */
export function readRecording(path: string): Recording {
  const ext = extname(path).toLowerCase();
  const json = ext === '.wav' ? join(dirname(path), `${basename(path, extname(path))}.json`) : path;
  if (!existsSync(json)) {
    throw new HotlineError(
      'HOTLINE_RECORDING_INVALID',
      `${path}: no metadata file ${json}. A recording is a WAV plus a ${RECORDING_FORMAT} JSON file of the same name (see README "Recordings").`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(json, 'utf8'));
  } catch (error) {
    throw new HotlineError('HOTLINE_RECORDING_INVALID', `${json}: not valid JSON (${(error as Error).message}).`);
  }
  const metadata = parseRecordingMetadata(raw, json);
  if (metadata.audio === null)
    throw new HotlineError(
      'HOTLINE_RECORDING_INVALID',
      `${json}: has no caller audio (audio: null: the call left a message but streamed nothing), so it cannot be replayed.`,
    );
  const folder = dirname(json);
  const wavPath = join(folder, metadata.audio.file);
  // The schema allows plain names only; this keeps the guarantee if it ever loosens.
  if (dirname(wavPath) !== folder)
    throw new HotlineError(
      'HOTLINE_RECORDING_INVALID',
      `${json}: audio.file "${metadata.audio.file}" is not a plain file name in the recording's folder.`,
    );
  if (!existsSync(wavPath))
    throw new HotlineError(
      'HOTLINE_RECORDING_INVALID',
      `${json}: audio.file "${metadata.audio.file}" does not exist beside it (${wavPath}).`,
    );
  return { file: json, metadata, wav: readFileSync(wavPath) };
}

/**
 * Expands the arguments of `replay`/`analyze`-like commands: files as given,
 * folders to the recordings (`*.json` with a format tag) they hold, sorted.
 */
export function recordingPaths(args: readonly string[], cwd: string): string[] {
  const out: string[] = [];
  for (const arg of args) {
    const path = resolve(cwd, arg);
    if (!existsSync(path))
      throw new HotlineError(
        'HOTLINE_FILE_ACCESS',
        `${arg}: no such file or folder; give a recording (NAME.json beside NAME.wav) or a folder of them.`,
      );
    if (statSync(path).isDirectory()) {
      const found = readdirSync(path)
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => join(path, f));
      if (found.length === 0)
        throw new HotlineError(
          'HOTLINE_RECORDING_INVALID',
          `${arg}: the folder holds no recordings (NAME.json + NAME.wav).`,
        );
      out.push(...found);
    } else out.push(path);
  }
  return out;
}
