import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isHotlineError } from '../../src/errors.js';
import { readRecording } from '../../src/replay/recording-files.js';
import { ROOT, runCli } from '../helpers/run-cli.js';

const SOURCE = join(ROOT, 'recordings', 'direct-01-english-key9');
const dir = mkdtempSync(join(tmpdir(), 'hotline-recording-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A copy of a shipped recording in `dir/rec/NAME.json` whose audio.file is `file`; a real WAV sits where it points. */
function recordingPointingAt(name: string, file: string): string {
  const folder = join(dir, 'rec');
  mkdirSync(join(folder, 'sub'), { recursive: true });
  // Real audio outside the folder (and in a subfolder): only the name decides, not whether the file exists.
  copyFileSync(`${SOURCE}.wav`, join(dir, 'outside.wav'));
  copyFileSync(`${SOURCE}.wav`, join(folder, 'sub', 'inside.wav'));
  const metadata = JSON.parse(readFileSync(`${SOURCE}.json`, 'utf8'));
  metadata.audio.file = file;
  const json = join(folder, `${name}.json`);
  writeFileSync(json, JSON.stringify(metadata));
  return json;
}

function refusal(json: string): string {
  try {
    readRecording(json);
  } catch (error) {
    if (isHotlineError(error)) return `${error.code}: ${error.message}`;
    throw error;
  }
  throw new Error(`${json} was read`);
}

describe("a recording's audio.file", () => {
  it.each([
    ['parent', '../outside.wav'],
    ['absolute', join(dir, 'outside.wav')],
    ['subfolder', 'sub/inside.wav'],
    ['backslash', 'sub\\inside.wav'],
    ['dotdot', '..'],
    ['control', 'a\nb.wav'],
  ])("is refused when it is not a plain name in the recording's folder (%s)", (name, file) => {
    const json = recordingPointingAt(name, file);
    expect(refusal(json)).toMatch(
      new RegExp(
        `^HOTLINE_RECORDING_INVALID: ${json.replace(/[.\\/]/g, '\\$&')}: audio\\.file: a plain file name in the recording's own folder`,
      ),
    );
  });

  it('is read when it is a plain name beside the metadata', () => {
    const folder = join(dir, 'ok');
    mkdirSync(folder, { recursive: true });
    copyFileSync(`${SOURCE}.wav`, join(folder, 'direct-01-english-key9.wav'));
    copyFileSync(`${SOURCE}.json`, join(folder, 'direct-01-english-key9.json'));
    const recording = readRecording(join(folder, 'direct-01-english-key9.json'));
    expect(Buffer.from(recording.wav).equals(readFileSync(`${SOURCE}.wav`))).toBe(true);
  });

  it('makes `hotline replay` exit 2 with one coded line naming the file and the field', async () => {
    const json = recordingPointingAt('cli', '../../../../etc/passwd');
    const { code, err } = await runCli(['replay', json]);
    expect(code).toBe(2);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toContain(`hotline: HOTLINE_RECORDING_INVALID: ${json}: audio.file: a plain file name`);
  });
});
