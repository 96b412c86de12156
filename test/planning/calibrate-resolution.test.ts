import { describe, expect, it } from 'vitest';
import { ResolutionPart } from '../../src/planning/calibrate-resolution.js';
import { type CallRecord, newCallRecord } from '../../src/record/call-record.js';
import { Rng } from '../../src/sim/rng.js';
import { runPart } from '../helpers/calibration-runs.js';

/** Answered calls: the city resolves 85 %, the vendor 65 %; a fifth record nothing. */
function answered(seed: number): CallRecord[] {
  const rng = new Rng(seed);
  return Array.from({ length: 20_000 }, (_, i) => {
    const vendor = rng.next() < 0.4;
    const p = vendor ? 0.65 : 0.85;
    const r = newCallRecord({
      callSid: `C${i}`,
      flowId: 'f',
      direction: 'inbound',
      callerHash: null,
      arrivalSec: i * 10,
      language: 'zh',
      lastState: 'end',
    });
    const resolved = rng.next() < 0.2 ? null : rng.next() < p;
    return Object.assign(r, {
      answerSec: i * 10 + 5,
      endSec: i * 10 + 200,
      outcome: 'answered',
      agentGroup: vendor ? 'vendor' : 'city',
      resolved,
    });
  });
}

describe('ResolutionPart', () => {
  for (const seed of [1, 2, 3]) {
    it(`recovers first-contact resolution per group within 2 points, seed ${seed}`, () => {
      const result = runPart(new ResolutionPart(), answered(seed));
      const value = (path: string) => result.entries.find((e) => e.path.join('.') === path)?.value;
      expect(
        Math.abs((value('behaviour.resolution.first_contact') as number) - (0.6 * 0.85 + 0.4 * 0.65)),
      ).toBeLessThan(0.02);
      const byGroup = value('behaviour.resolution.by_group') as Record<string, number>;
      expect(Math.abs(byGroup.city! - 0.85)).toBeLessThan(0.02);
      expect(Math.abs(byGroup.vendor! - 0.65)).toBeLessThan(0.02);
      expect(result.notes.join('\n')).toMatch(/record no resolution; left out/);
    });
  }

  it('writes no entry when no call records a resolution', () => {
    const records = answered(4).map((r) => ({ ...r, resolved: null }));
    const result = runPart(new ResolutionPart(), records);
    expect(result.entries).toEqual([]);
    expect(result.notes.join('\n')).toMatch(/no resolution model/);
  });
});
