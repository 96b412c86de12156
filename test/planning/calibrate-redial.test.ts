import { describe, expect, it } from 'vitest';
import { RedialPart } from '../../src/planning/calibrate-redial.js';
import { type CallRecord, newCallRecord } from '../../src/record/call-record.js';
import { distributionSchema } from '../../src/scenario/scenario-schema.js';
import { gamma, lognormal } from '../../src/sim/distributions.js';
import { Rng } from '../../src/sim/rng.js';
import { runPart, simulatedRecords } from '../helpers/calibration-runs.js';

const DAYS = 30;

/**
 * Callers with numbers over a month: 30 % of calls abandoned (after 60 s), the rest answered and 70 % resolved.
 * An abandoner calls again with probability 0.4 after lognormal(600 s, cv 0.8); an unresolved caller with
 * probability 0.5 after gamma(2 days, cv 0.5). A tenth of first calls withhold their number.
 */
function linkedRecords(seed: number): CallRecord[] {
  const rng = new Rng(seed);
  const redialDelay = lognormal(600, 0.8);
  const repeatDelay = gamma(2 * 86_400, 0.5);
  const out: CallRecord[] = [];
  for (let c = 0; c < 20_000; c += 1) {
    const hash = rng.next() < 0.1 ? null : `h${c}`;
    let t = rng.next() * DAYS * 86_400;
    for (let attempt = 1; attempt < 20; attempt += 1) {
      const r = newCallRecord({
        callSid: `C${c}-${attempt}`,
        flowId: 'f',
        direction: 'inbound',
        callerHash: hash,
        arrivalSec: t,
        language: 'zh',
        lastState: 'end',
      });
      const abandoned = rng.next() < 0.3;
      const resolved = rng.next() < 0.7;
      if (abandoned) Object.assign(r, { queueEntrySec: t, abandonSec: t + 60, endSec: t + 60, outcome: 'abandoned' });
      else
        Object.assign(r, {
          queueEntrySec: t,
          answerSec: t + 10,
          endSec: t + 250,
          outcome: 'answered',
          handleSec: 240,
          resolved,
        });
      out.push(r);
      if (abandoned && rng.next() < 0.4) t = r.endSec! + redialDelay(rng);
      else if (!abandoned && !resolved && rng.next() < 0.5) t = r.endSec! + repeatDelay(rng);
      else break;
    }
  }
  return out.sort((a, b) => a.arrivalSec - b.arrivalSec);
}

describe('RedialPart', () => {
  for (const seed of [1, 2, 3]) {
    it(`recovers redial and repeat probabilities and delays from caller hashes, seed ${seed}`, () => {
      const result = runPart(new RedialPart(), linkedRecords(seed));
      const redial = result.entries.find((e) => e.path.join('.') === 'callers.redial')!.value as {
        probability: number;
        delay_sec: { dist: string; mean: number; cv: number };
      };
      expect(Math.abs(redial.probability - 0.4)).toBeLessThan(0.03);
      expect(redial.delay_sec.dist).toBe('lognormal');
      expect(Math.abs(redial.delay_sec.mean / 600 - 1)).toBeLessThan(0.08);
      expect(Math.abs(redial.delay_sec.cv / 0.8 - 1)).toBeLessThan(0.1);
      expect(distributionSchema.safeParse(redial.delay_sec).success).toBe(true);
      const repeat = result.entries.find((e) => e.path.join('.') === 'behaviour.resolution.repeat')!.value as {
        probability: number;
        delay_sec: { dist: string; mean: number; cv: number };
      };
      // The 7-day window holds nearly all gamma(2 days, cv 0.5) delays: the share seen is 0.5 × P(delay ≤ 7 days).
      expect(Math.abs(repeat.probability - 0.5)).toBeLessThan(0.04);
      expect(Math.abs(repeat.delay_sec.mean / 172_800 - 1)).toBeLessThan(0.08);
      expect(distributionSchema.safeParse(repeat.delay_sec).success).toBe(true);
      expect(result.notes.join('\n')).toMatch(/have no caller hash/);
    });
  }

  it('without caller hashes, estimates the probability from attempt numbers and writes no entry', () => {
    const records = simulatedRecords(
      `name: redial
horizon: { days: 2 }
demand: { calls_per_hour: 300 }
call_types: [{ name: g, share: 1, skill: g, handle_sec: { dist: exponential, mean: 180 } }]
callers:
  patience_sec: { dist: exponential, mean: 60 }
  redial: { probability: 0.35, delay_sec: { dist: exponential, mean: 600 } }
pools: [{ name: city, pool: in-house, skills: [g], agents: 14 }]
`,
      4,
    ).map((r) => ({ ...r, callerHash: null })); // as an export without caller numbers
    const result = runPart(new RedialPart(), records);
    const json = result.json.redial as { afterAbandon: { fromAttempts: number } };
    expect(Math.abs(json.afterAbandon.fromAttempts - 0.35)).toBeLessThan(0.04);
    expect(result.entries).toEqual([]);
    expect(result.notes.join('\n')).toMatch(/attempt numbers/);
  });

  it("shortens the linking window to the delays seen, so that two days keep their last day's abandons", () => {
    // Two days: 2,000 callers abandon (one call each, numbers of their own); half call again after ~300 s.
    const rng = new Rng(9);
    const delay = lognormal(300, 1);
    const records: CallRecord[] = [];
    for (let c = 0; c < 2000; c += 1) {
      const t = rng.next() * 2 * 86_400 - 3600;
      const base = {
        flowId: 'f',
        direction: 'inbound' as const,
        callerHash: `h${c}`,
        language: 'zh',
        lastState: 'end',
      };
      const first = newCallRecord({ ...base, callSid: `A${c}`, arrivalSec: Math.max(0, t) });
      Object.assign(first, {
        queueEntrySec: first.arrivalSec,
        abandonSec: first.arrivalSec + 30,
        outcome: 'abandoned',
      });
      records.push(first);
      if (rng.next() < 0.5)
        records.push({
          ...newCallRecord({ ...base, callSid: `B${c}`, arrivalSec: first.abandonSec! + delay(rng) }),
          attempt: 2,
        });
    }
    records.sort((a, b) => a.arrivalSec - b.arrivalSec);
    const json = runPart(new RedialPart(), records).json.redial as {
      afterAbandon: { trials: number; probability: number; windowSec: number };
    };
    expect(json.afterAbandon.windowSec).toBeLessThan(86_400);
    expect(json.afterAbandon.windowSec).toBeGreaterThanOrEqual(3600);
    // A 24 h window would keep only the first day's abandons (fewer than half).
    expect(json.afterAbandon.trials).toBeGreaterThan(1700);
    expect(Math.abs(json.afterAbandon.probability - 0.5)).toBeLessThan(0.04);
  });
});
