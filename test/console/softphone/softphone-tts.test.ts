import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { espeakVoice, findExecutable, SoftphoneTts } from '../../../src/console/softphone/softphone-tts.js';

const dir = mkdtempSync(join(tmpdir(), 'softphone-tts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in espeak-ng: writes its arguments and standard input to a log, and "RIFF" to standard output. */
function fakeEspeak(): string {
  const file = join(dir, 'espeak-ng');
  writeFileSync(file, `#!/bin/sh\necho "$@" >> ${dir}/args.log\ncat >> ${dir}/stdin.log\nprintf RIFF\n`);
  chmodSync(file, 0o755);
  return file;
}

describe("the softphone's prompt audio", () => {
  it("maps Twilio's languages to espeak-ng voices", () => {
    expect(espeakVoice('cmn-CN')).toBe('cmn');
    expect(espeakVoice('zh-HK')).toBe('yue');
    expect(espeakVoice('en-US')).toBe('en-us');
    expect(espeakVoice('en-GB')).toBe('en-gb');
    expect(espeakVoice('fr-FR')).toBe('fr');
  });

  it('finds an executable on PATH as command -v does', () => {
    fakeEspeak();
    expect(findExecutable('espeak-ng', `/nonexistent:${dir}`)).toBe(join(dir, 'espeak-ng'));
    expect(findExecutable('no-such-program-here', dir)).toBeNull();
  });

  it('speaks the text given on standard input (never as an argument), once per voice and text', async () => {
    const tts = new SoftphoneTts(fakeEspeak());
    expect(tts.available()).toBe(true);
    const text = '--help; rm -rf / 您好';
    expect((await tts.speak(text, 'cmn-CN')).toString()).toBe('RIFF');
    await tts.speak(text, 'cmn-CN');
    expect(readFileSync(join(dir, 'args.log'), 'utf8')).toBe('-v cmn --stdin --stdout\n');
    expect(readFileSync(join(dir, 'stdin.log'), 'utf8')).toBe(text);
  });

  it('speaks Mandarin with the real espeak-ng (installed by scripts/install-debian-packages.sh) as a WAV of speech', async () => {
    const executable = findExecutable('espeak-ng');
    expect(executable, 'espeak-ng is not installed: run sudo bash scripts/install-debian-packages.sh').not.toBeNull();
    const wav = await new SoftphoneTts(executable).speak('您好，这里是12345热线。', 'cmn-CN');
    expect(wav.subarray(0, 4).toString('latin1')).toBe('RIFF');
    expect(wav.subarray(8, 12).toString('latin1')).toBe('WAVE');
    // About a second of 22,050 Hz 16-bit speech at least: a real utterance, not an empty file.
    expect(wav.length).toBeGreaterThan(40_000);
  });

  it('says it is unavailable without espeak-ng', async () => {
    const tts = new SoftphoneTts(null);
    expect(tts.available()).toBe(false);
    await expect(tts.speak('您好', 'cmn-CN')).rejects.toThrow(/espeak-ng is not installed/);
  });
});
