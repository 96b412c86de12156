import jstatPkg from 'jstat';
import { describe, expect, it } from 'vitest';
import { PatiencePart } from '../../src/planning/calibrate-patience.js';
import { distributionSchema } from '../../src/scenario/scenario-schema.js';
import { runPart, simulatedRecords } from '../helpers/calibration-runs.js';

const { jStat } = jstatPkg;

const scenario = (patience: string) => `name: patience
horizon: { days: 3 }
demand: { calls_per_hour: 300 }
call_types: [{ name: g, share: 1, skill: g, handle_sec: { dist: exponential, mean: 180 } }]
callers: { patience_sec: ${patience} }
pools: [{ name: city, pool: in-house, skills: [g], agents: 15 }]
`;

describe('PatiencePart', () => {
  for (const seed of [1, 2, 3]) {
    it(`recovers exponential patience (mean 120 s) from an overloaded queue, where abandon times alone mislead, seed ${seed}`, () => {
      const records = simulatedRecords(scenario('{ dist: exponential, mean: 120 }'), seed);
      const abandons = records.filter((r) => r.outcome === 'abandoned').map((r) => r.abandonSec! - r.queueEntrySec!);
      const naive = abandons.reduce((s, t) => s + t, 0) / abandons.length;
      expect(naive).toBeLessThan(90);
      const result = runPart(new PatiencePart(), records);
      const json = result.json.patienceSec as { mean: number; events: number; censored: number; fit: { mean: number } };
      expect(Math.abs(json.fit.mean / 120 - 1)).toBeLessThan(0.08);
      expect(json.events).toBe(abandons.length);
      const entry = result.entries.find((e) => e.path.join('.') === 'callers.patience_sec')!;
      expect(distributionSchema.safeParse(entry.value).success).toBe(true);
    });

    it(`recovers lognormal patience (mean 200 s, cv 1), seed ${seed}`, () => {
      const records = simulatedRecords(scenario('{ dist: lognormal, mean: 200, cv: 1 }'), seed);
      const json = runPart(new PatiencePart(), records).json.patienceSec as {
        fit: { family: string; mean: number; cv: number };
        km: { p: number; sec: number | null }[];
      };
      expect(json.fit.family).toBe('lognormal');
      expect(Math.abs(json.fit.mean / 200 - 1)).toBeLessThan(0.1);
      expect(Math.abs(json.fit.cv - 1)).toBeLessThan(0.12);
      expect(json.km[0]!.sec).toBeGreaterThan(0);
    });
  }

  it('notes that patience is unknown when nobody abandoned', () => {
    const records = simulatedRecords(scenario('{ dist: deterministic, value: 100000 }'), 1);
    const result = runPart(new PatiencePart(), records);
    expect(result.entries).toEqual([]);
    expect(result.notes.join('\n')).toMatch(/no caller abandoned/);
  });
});

describe('PatiencePart with announcement hang-ups', () => {
  // 8 % hang up within 0.5–4.5 s; the rest have lognormal(150 s, cv 1) patience (its 200 quantiles).
  const sigma = Math.sqrt(Math.log(2));
  const mu = Math.log(150) - (sigma * sigma) / 2;
  const quantiles = Array.from({ length: 200 }, (_, j) => {
    const p = (j + 0.5) / 200;
    return Math.round(Math.exp(jStat.normal.inv(p, mu, sigma)) * 100) / 100;
  });
  const values = [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, ...quantiles];
  const weights = [...Array(9).fill(0.08 / 9), ...Array(200).fill(0.92 / 200)];
  const patience = `{ dist: empirical, values: [${values.join(', ')}], weights: [${weights.join(', ')}] }`;

  for (const seed of [1, 2, 3]) {
    it(`finds their share (8 %) and fits the rest, seed ${seed}`, () => {
      const result = runPart(new PatiencePart(), simulatedRecords(scenario(patience), seed));
      const json = result.json.patienceSec as { shortAbandonShare: number; fit: { mean: number }; dist: string };
      expect(Math.abs(json.shortAbandonShare - 0.08)).toBeLessThan(0.02);
      expect(Math.abs(json.fit.mean / 150 - 1)).toBeLessThan(0.12);
      expect(json.dist).toBe('empirical');
      const entry = result.entries.find((e) => e.path.join('.') === 'callers.patience_sec')!;
      expect(distributionSchema.safeParse(entry.value).success).toBe(true);
    });
  }
});
