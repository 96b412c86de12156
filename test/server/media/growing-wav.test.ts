import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { muLawBytesToWav } from '../../../src/audio/pcm.js';
import { GrowingWav, repairWav } from '../../../src/server/media/growing-wav.js';

const dir = mkdtempSync(join(tmpdir(), 'hotline-growing-wav-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('GrowingWav', () => {
  it('writes, whatever the batches and silences, the same bytes as muLawBytesToWav of the whole audio', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.nat({ max: 500 })), { maxLength: 12 }),
        fc.integer({ min: 1, max: 256 }),
        (parts, batch) => {
          const path = join(dir, 'a.wav');
          const wav = new GrowingWav(path, batch);
          const whole: number[] = [];
          for (const p of parts) {
            if (typeof p === 'number') {
              wav.appendSilence(p);
              whole.push(...new Array<number>(p).fill(0xff));
            } else {
              wav.append(p);
              whole.push(...p);
            }
          }
          expect(wav.close()).toBe(whole.length);
          expect(readFileSync(path).equals(muLawBytesToWav(Uint8Array.from(whole)))).toBe(true);
        },
      ),
      { numRuns: 200, seed: 11 },
    );
  });

  it('repairs the header of a file cut mid-batch to count what reached the disk', () => {
    const path = join(dir, 'cut.wav');
    const wav = new GrowingWav(path, 100);
    wav.append(new Uint8Array(250).fill(7));
    // As a kill leaves it: two batches and their header written, then 30 more bytes that no header counts.
    writeFileSync(path, Buffer.concat([readFileSync(path), Buffer.alloc(30, 7)]));
    expect(repairWav(path)).toBe(230);
    expect(readFileSync(path).equals(muLawBytesToWav(new Uint8Array(230).fill(7)))).toBe(true);
    truncateSync(path, 10);
    expect(repairWav(path)).toBe(0);
    expect(repairWav(join(dir, 'missing.wav'))).toBe(0);
  });
});
