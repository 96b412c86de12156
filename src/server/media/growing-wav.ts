import { closeSync, existsSync, fstatSync, openSync, writeSync } from 'node:fs';

/** Bytes of the header below: RIFF, fmt (20 bytes, as wavefile writes mu-law), fact, data. */
export const WAV_HEADER_BYTES = 60;
/** Mu-law silence. */
const SILENCE = 0xff;

/** The 8 kHz mono mu-law WAV header for `dataBytes` of audio (the layout `muLawBytesToWav` produces). */
function header(dataBytes: number): Buffer {
  const h = Buffer.alloc(WAV_HEADER_BYTES);
  h.write('RIFF', 0, 'latin1');
  h.writeUInt32LE(WAV_HEADER_BYTES - 8 + dataBytes, 4);
  h.write('WAVEfmt ', 8, 'latin1');
  h.writeUInt32LE(20, 16);
  h.writeUInt16LE(7, 20); // WAVE_FORMAT_MULAW
  h.writeUInt16LE(1, 22); // mono
  h.writeUInt32LE(8000, 24); // samples per second
  h.writeUInt32LE(8000, 28); // bytes per second
  h.writeUInt16LE(1, 32); // block align
  h.writeUInt16LE(8, 34); // bits per sample
  h.writeUInt16LE(2, 36); // extension size
  h.writeUInt16LE(8, 38); // valid bits
  h.write('fact', 40, 'latin1');
  h.writeUInt32LE(4, 44);
  h.writeUInt32LE(dataBytes, 48); // samples
  h.write('data', 52, 'latin1');
  h.writeUInt32LE(dataBytes, 56);
  return h;
}

/**
 * An 8 kHz mu-law WAV file written while the audio arrives: audio is batched
 * (at most `batchBytes` in memory) and appended, and the header is rewritten
 * after each batch, so the file on disk is always a valid WAV of all audio but
 * the last batch. A process killed mid-stream leaves a readable file (the OS
 * keeps what was written; no fsync: power loss is out of scope), which
 * `repairWav` brings up to date with the bytes that reached the disk.
 */
export class GrowingWav {
  private readonly fd: number;
  private readonly batch: Buffer;
  private pending = 0;
  private written = 0;

  constructor(
    readonly path: string,
    batchBytes = 8000,
  ) {
    this.fd = openSync(path, 'w');
    this.batch = Buffer.alloc(batchBytes);
    writeSync(this.fd, header(0), 0, WAV_HEADER_BYTES, 0);
  }

  /** Audio bytes so far (written and batched). */
  get bytes(): number {
    return this.written + this.pending;
  }

  /** Appends mu-law bytes. */
  append(bytes: Uint8Array): void {
    for (let at = 0; at < bytes.length; ) {
      const take = Math.min(bytes.length - at, this.batch.length - this.pending);
      this.batch.set(bytes.subarray(at, at + take), this.pending);
      this.pending += take;
      at += take;
      if (this.pending === this.batch.length) this.flush();
    }
  }

  /** Appends `count` bytes of silence without allocating them. */
  appendSilence(count: number): void {
    for (let left = count; left > 0; ) {
      const take = Math.min(left, this.batch.length - this.pending);
      this.batch.fill(SILENCE, this.pending, this.pending + take);
      this.pending += take;
      left -= take;
      if (this.pending === this.batch.length) this.flush();
    }
  }

  /** Writes the batch and the header that counts it. */
  flush(): void {
    if (this.pending > 0) {
      writeSync(this.fd, this.batch, 0, this.pending, WAV_HEADER_BYTES + this.written);
      this.written += this.pending;
      this.pending = 0;
    }
    writeSync(this.fd, header(this.written), 0, WAV_HEADER_BYTES, 0);
  }

  /** Flushes and closes the file; returns the audio bytes it holds. */
  close(): number {
    try {
      this.flush();
    } finally {
      closeSync(this.fd);
    }
    return this.written;
  }
}

/**
 * Makes the header of a WAV left by a killed process count the audio that
 * reached the disk (a missing file becomes an empty WAV). Returns the audio bytes.
 */
export function repairWav(path: string): number {
  const fd = openSync(path, existsSync(path) ? 'r+' : 'w+');
  try {
    const size = fstatSync(fd).size;
    const dataBytes = Math.max(0, size - WAV_HEADER_BYTES);
    writeSync(fd, header(dataBytes), 0, WAV_HEADER_BYTES, 0);
    return dataBytes;
  } finally {
    closeSync(fd);
  }
}
