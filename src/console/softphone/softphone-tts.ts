import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { HotlineError } from '../../errors.js';

/** Characters of a prompt spoken at most (a longer text is refused). */
export const TTS_MAX_CHARS = 500;
/** WAVs kept in memory (the least recently used is dropped first). */
const CACHE_ENTRIES = 64;
/** Bytes of WAV one prompt may take (espeak-ng at 22 kHz 16-bit: about 2 minutes). */
const MAX_WAV_BYTES = 6 * 1024 * 1024;
/** Milliseconds espeak-ng may take for one prompt. */
const TIMEOUT_MS = 10_000;
/** espeak-ng processes at once (the machine has few cores); more wait their turn. */
const MAX_RUNNING = 2;

/** The espeak-ng voice of a Twilio `<Say>` language: Mandarin and Cantonese by name, else the language's prefix. */
export function espeakVoice(language: string): string {
  const lang = language.toLowerCase();
  if (lang.startsWith('cmn') || lang === 'zh-cn' || lang === 'zh') return 'cmn';
  if (lang.startsWith('yue') || lang === 'zh-hk') return 'yue';
  if (lang === 'en-gb') return 'en-gb';
  if (lang.startsWith('en')) return 'en-us';
  const prefix = /^[a-z]{2,3}/.exec(lang)?.[0];
  return prefix ?? 'en-us';
}

/** The executable `name` on PATH, or null (what `command -v` finds, without a shell). */
export function findExecutable(name: string, path = process.env.PATH ?? ''): string | null {
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue;
    const file = join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return null;
}

/**
 * Prompt audio for the softphone: espeak-ng, when installed, speaks a prompt's text into a WAV. The process is
 * spawned with an argument list (never a shell), the text goes on its standard input (never an argument it could
 * read as an option), at most MAX_RUNNING at once and TIMEOUT_MS each; WAVs are cached by voice and text.
 */
export class SoftphoneTts {
  private readonly command: string | null;
  private readonly cache = new Map<string, Promise<Buffer>>();
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  /** `command`: the espeak-ng executable (default: found on PATH; null: none). */
  constructor(command: string | null = findExecutable('espeak-ng')) {
    this.command = command;
  }

  /** True when prompts can be spoken. */
  available(): boolean {
    return this.command !== null;
  }

  /** The WAV of `text` in `language` (a Twilio language such as cmn-CN); HOTLINE_SOFTPHONE_TTS_UNAVAILABLE without espeak-ng. */
  speak(text: string, language: string): Promise<Buffer> {
    if (this.command === null) {
      return Promise.reject(
        new HotlineError(
          'HOTLINE_SOFTPHONE_TTS_UNAVAILABLE',
          'GET /console/api/softphone/tts: espeak-ng is not installed on the server (scripts/install-debian-packages.sh); the softphone shows captions only.',
        ),
      );
    }
    const voice = espeakVoice(language);
    const key = `${voice}\u0000${text}`;
    let wav = this.cache.get(key);
    if (wav) {
      this.cache.delete(key);
      this.cache.set(key, wav);
      return wav;
    }
    wav = this.turn(() => this.run(this.command!, voice, text));
    wav.catch(() => this.cache.delete(key));
    this.cache.set(key, wav);
    if (this.cache.size > CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value as string);
    return wav;
  }

  private async turn<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= MAX_RUNNING) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running += 1;
    try {
      return await work();
    } finally {
      this.running -= 1;
      this.waiting.shift()?.();
    }
  }

  private run(command: string, voice: string, text: string): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const child = spawn(command, ['-v', voice, '--stdin', '--stdout'], {
        stdio: ['pipe', 'pipe', 'ignore'],
        timeout: TIMEOUT_MS,
        shell: false,
      });
      const chunks: Buffer[] = [];
      let bytes = 0;
      child.stdout.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > MAX_WAV_BYTES) child.kill('SIGKILL');
        else chunks.push(chunk);
      });
      const fail = (why: string) =>
        reject(
          new HotlineError('HOTLINE_SOFTPHONE_TTS_UNAVAILABLE', `GET /console/api/softphone/tts: espeak-ng ${why}.`),
        );
      child.on('error', (error) => fail(`could not run (${error.message})`));
      child.on('close', (code, signal) => {
        if (code === 0 && bytes > 0 && bytes <= MAX_WAV_BYTES) resolve(Buffer.concat(chunks));
        else fail(signal ? `was stopped (${signal}: too slow or too long)` : `failed (exit ${code})`);
      });
      child.stdin.on('error', () => undefined);
      child.stdin.end(text);
    });
  }
}
