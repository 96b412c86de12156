import { readWav } from '../../audio/pcm.js';

/**
 * Seconds of audio in an answer read byte for byte (a latin1 string): a WAV's
 * length from its samples; `unknownSec` for what the emulator cannot measure
 * (MP3, an empty body, an unreadable WAV).
 *
 * @example audioLengthSec(exchange.body, exchange.url, 5) // 3 for a 3 s WAV
 */
export function audioLengthSec(body: string, url: string, unknownSec: number): number {
  if (!body) return unknownSec;
  try {
    const audio = readWav(Buffer.from(body, 'latin1'), url);
    return audio.samples.length / audio.sampleRateHz;
  } catch {
    return unknownSec;
  }
}
