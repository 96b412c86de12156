import wavefilePkg from 'wavefile';
import { HotlineError } from '../errors.js';

// wavefile's `main` is a UMD bundle without an `exports` map: a named ESM import breaks under Node/tsx.
const { WaveFile } = wavefilePkg;

/** The telephony rate everything in src/audio works at, in Hz. */
export const TELEPHONY_SAMPLE_RATE_HZ = 8000;

/** Fields of wavefile's `fmt` chunk that are read here. */
interface FmtChunk {
  numChannels: number;
  sampleRate: number;
}

/** Decoded mono audio. */
export interface PcmAudio {
  /** Samples in [−1, 1), mono, at `sampleRateHz`. */
  samples: Float32Array;
  /** Always `TELEPHONY_SAMPLE_RATE_HZ`. */
  sampleRateHz: number;
}

/** Half-length of the anti-alias FIR used when decimating, in output samples. */
const DECIMATION_TAPS_PER_SIDE = 16;

/**
 * Reads a WAV file into 8 kHz mono float samples. Accepts 8-bit mu-law
 * ('8m'), 8-bit A-law ('8a') and 16-bit PCM; channels are averaged. Rates
 * that are an integer multiple of 8 kHz (16, 24, 32, 48 kHz…) are decimated
 * through a windowed-sinc low-pass at 3.6 kHz; any other rate is refused.
 *
 * A file cut short (its data chunk declares more bytes than follow, or ends
 * inside a sample) is refused, naming how much is missing: analysing the part
 * that is there would silently report a shorter call.
 *
 * @param name used in error messages (e.g. the file path).
 * @throws HotlineError HOTLINE_WAV_INVALID when the bytes are not a WAV file, it is truncated, or its encoding or rate is unsupported.
 */
export function readWav(wav: Uint8Array, name = '<buffer>'): PcmAudio {
  checkWavChunks(wav, name);
  let file: InstanceType<typeof WaveFile>;
  try {
    file = new WaveFile(wav);
  } catch (error) {
    throw new HotlineError(
      'HOTLINE_WAV_INVALID',
      `${name}: not a readable WAV file (${(error as Error).message}); give a RIFF/WAVE file (8 kHz mu-law or 16-bit PCM).`,
      { cause: error },
    );
  }
  const fmt = file.fmt as FmtChunk;
  const rateHz = fmt.sampleRate;
  const factor = rateHz / TELEPHONY_SAMPLE_RATE_HZ;
  if (!Number.isInteger(factor) || factor < 1) {
    throw new HotlineError(
      'HOTLINE_WAV_INVALID',
      `${name}: sample rate ${rateHz} Hz is not supported; use 8000 Hz or an integer multiple of it (e.g. sox in.wav -r 8000 out.wav).`,
    );
  }
  if (file.bitDepth === '8m') file.fromMuLaw();
  else if (file.bitDepth === '8a') file.fromALaw();
  if (file.bitDepth !== '16') {
    throw new HotlineError(
      'HOTLINE_WAV_INVALID',
      `${name}: bit depth '${file.bitDepth}' is not supported; use 16-bit PCM or 8-bit mu-law/A-law.`,
    );
  }

  const interleaved = file.getSamples(true, Int16Array);
  const channels = Math.max(1, fmt.numChannels);
  const frames = Math.floor(interleaved.length / channels);
  const mono = new Float32Array(frames);
  for (let i = 0; i < frames; i++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += interleaved[i * channels + c] as number;
    mono[i] = sum / channels / 32768;
  }
  return { samples: factor === 1 ? mono : decimate(mono, factor), sampleRateHz: TELEPHONY_SAMPLE_RATE_HZ };
}

const ascii = (bytes: Uint8Array, at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));

/**
 * Walks the RIFF chunks of a WAV file and fails when it is not RIFF/WAVE, has
 * no `fmt ` or `data` chunk, or its data chunk is cut short (declared size
 * past the end of the file, or a partial sample frame at the end).
 */
function checkWavChunks(wav: Uint8Array, name: string): { readonly trailingBytes: number; readonly byteRate: number } {
  if (wav.length < 12 || ascii(wav, 0) !== 'RIFF' || ascii(wav, 8) !== 'WAVE') {
    throw new HotlineError(
      'HOTLINE_WAV_INVALID',
      `${name}: not a WAV file (${wav.length} bytes, no RIFF/WAVE header); give a RIFF/WAVE file (8 kHz mu-law or 16-bit PCM).`,
    );
  }
  const view = new DataView(wav.buffer, wav.byteOffset, wav.byteLength);
  let blockAlign = 0;
  let byteRate = 0;
  for (let at = 12; at + 8 <= wav.length; ) {
    const id = ascii(wav, at);
    const size = view.getUint32(at + 4, true);
    const present = wav.length - (at + 8);
    if (id === 'fmt ' && present >= 16) {
      byteRate = view.getUint32(at + 16, true);
      blockAlign = view.getUint16(at + 20, true);
    }
    if (id === 'data') {
      if (blockAlign === 0)
        throw new HotlineError(
          'HOTLINE_WAV_INVALID',
          `${name}: the data chunk comes before a fmt chunk (or the fmt chunk is missing); the file is damaged: re-export it.`,
        );
      const seconds = (bytes: number) => (byteRate > 0 ? `${(bytes / byteRate).toFixed(2)} s` : `${bytes} bytes`);
      if (size > present) {
        throw new HotlineError(
          'HOTLINE_WAV_INVALID',
          `${name}: truncated: the data chunk declares ${size} bytes (${seconds(size)}) but only ${present} follow; ${size - present} bytes (${seconds(size - present)}) are missing. Copy the file again, or re-record it.`,
        );
      }
      if (size % blockAlign !== 0) {
        throw new HotlineError(
          'HOTLINE_WAV_INVALID',
          `${name}: truncated: the data chunk (${size} bytes) ends inside a ${blockAlign}-byte sample frame; the file was cut short. Copy the file again, or re-record it.`,
        );
      }
      // Bytes after the audio that do not start another chunk: audio written after the header was last updated.
      const end = at + 8 + size + (size % 2);
      const trailing = wav.length - end;
      const nextIsChunk = trailing >= 8 && /^[\x20-\x7e]{4}$/.test(ascii(wav, end));
      return { trailingBytes: trailing > 0 && !nextIsChunk ? trailing : 0, byteRate };
    }
    if (size > present) break;
    at += 8 + size + (size % 2);
  }
  throw new HotlineError(
    'HOTLINE_WAV_INVALID',
    `${name}: truncated or damaged: no complete fmt and data chunks; the file holds ${wav.length} bytes. Copy the file again, or re-record it.`,
  );
}

/**
 * Audio bytes after the data chunk its header does not count (a recording
 * whose writer stopped before updating the header), in bytes and seconds; 0
 * for a complete file. Throws like `readWav` for a file that is not a WAV or
 * is cut short.
 */
export function unaccountedAudio(
  wav: Uint8Array,
  name = '<buffer>',
): { readonly bytes: number; readonly seconds: number } {
  const { trailingBytes, byteRate } = checkWavChunks(wav, name);
  return { bytes: trailingBytes, seconds: byteRate > 0 ? trailingBytes / byteRate : 0 };
}

/**
 * Encodes float samples (8 kHz mono, clipped to [−1, 1]) as an 8 kHz 8-bit
 * mu-law WAV file, the format of Twilio recordings and Media Streams.
 */
export function writeMuLawWav(samples: Float32Array): Buffer {
  const pcm = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const x = Math.max(-1, Math.min(1, samples[i] as number));
    pcm[i] = Math.max(-32768, Math.min(32767, Math.round(x * 32768)));
  }
  const file = new WaveFile();
  file.fromScratch(1, TELEPHONY_SAMPLE_RATE_HZ, '16', pcm);
  file.toMuLaw();
  return Buffer.from(file.toBuffer());
}

/** Low-pass (Blackman-windowed sinc, cutoff 3.6 kHz at the output rate) then keep every `factor`-th sample. */
function decimate(input: Float32Array, factor: number): Float32Array {
  const half = DECIMATION_TAPS_PER_SIDE * factor;
  const cutoff = 3600 / (TELEPHONY_SAMPLE_RATE_HZ * factor); // cycles per input sample
  const taps = new Float64Array(2 * half + 1);
  let sum = 0;
  for (let k = -half; k <= half; k++) {
    const sinc = k === 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * k) / (Math.PI * k);
    const n = (k + half) / (2 * half);
    const blackman = 0.42 - 0.5 * Math.cos(2 * Math.PI * n) + 0.08 * Math.cos(4 * Math.PI * n);
    taps[k + half] = sinc * blackman;
    sum += sinc * blackman;
  }
  const out = new Float32Array(Math.floor(input.length / factor));
  for (let i = 0; i < out.length; i++) {
    const centre = i * factor;
    let acc = 0;
    for (let k = -half; k <= half; k++) {
      const index = centre + k;
      if (index >= 0 && index < input.length) acc += (input[index] as number) * (taps[k + half] as number);
    }
    out[i] = acc / sum;
  }
  return out;
}

/** A WAV file (8 kHz, mono, 8-bit mu-law) around raw mu-law bytes, as Twilio Media Streams send them; no re-encoding. */
export function muLawBytesToWav(bytes: Uint8Array): Buffer {
  const file = new WaveFile();
  file.fromScratch(1, TELEPHONY_SAMPLE_RATE_HZ, '8m', bytes);
  return Buffer.from(file.toBuffer());
}
