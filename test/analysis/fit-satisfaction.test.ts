import { describe, expect, it } from 'vitest';
import { fitSatisfaction, type SatisfactionCell } from '../../src/analysis/fit-satisfaction.js';
import { Rng } from '../../src/sim/rng.js';

const TRUE = { cutpoints: [0, 1.5, 2.5, 3.5], perWaitMin: 0.3, unresolved: 1.2, byGroup: [0, 0.5] };

/** N ratings drawn from the model: waits exponential with mean 2 min (whole seconds), 20 % unresolved, two groups. */
function draw(seed: number, n: number): SatisfactionCell[] {
  const rng = new Rng(seed);
  const cells = new Map<string, SatisfactionCell & { counts: number[] }>();
  for (let i = 0; i < n; i += 1) {
    const waitMin = Math.round(-120 * Math.log(rng.nextOpen())) / 60;
    const unresolved = rng.next() < 0.2;
    const group = rng.next() < 0.4 ? 1 : 0;
    const eta = TRUE.perWaitMin * waitMin + (unresolved ? TRUE.unresolved : 0) + (TRUE.byGroup[group] as number);
    const u = rng.next();
    let rating = 5;
    for (let k = 0; k < 4; k += 1) {
      if (u < 1 / (1 + Math.exp(-((TRUE.cutpoints[k] as number) - eta)))) {
        rating = k + 1;
        break;
      }
    }
    const key = `${waitMin}|${unresolved}|${group}`;
    const cell = cells.get(key) ?? { waitMin, unresolved, group, counts: [0, 0, 0, 0, 0] };
    cell.counts[rating - 1] = (cell.counts[rating - 1] as number) + 1;
    cells.set(key, cell);
  }
  return [...cells.values()];
}

describe('fitSatisfaction (cumulative logit by maximum likelihood)', () => {
  // 20,000 ratings: each coefficient's standard error is about 0.02–0.04, so 0.12 is three or more of them.
  for (const seed of [1, 2, 3]) {
    it(`recovers known coefficients within 0.12 from 20,000 ratings (seed ${seed})`, () => {
      const fit = fitSatisfaction(draw(seed, 20_000), {
        groups: 2,
        referenceGroup: 0,
        fitUnresolved: true,
        fitWait: true,
      });
      expect(fit).not.toBeNull();
      fit!.cutpoints.forEach((t, k) => {
        expect(Math.abs(t - (TRUE.cutpoints[k] as number))).toBeLessThan(0.12);
      });
      expect(Math.abs(fit!.perWaitMin - TRUE.perWaitMin)).toBeLessThan(0.05);
      expect(Math.abs(fit!.unresolved - TRUE.unresolved)).toBeLessThan(0.12);
      expect(fit!.byGroup[0]).toBe(0);
      expect(Math.abs((fit!.byGroup[1] as number) - 0.5)).toBeLessThan(0.12);
      expect(fit!.n).toBe(20_000);
    });
  }

  it('has a higher likelihood at the estimates than at the true values (it is the maximum)', () => {
    const cells = draw(4, 5_000);
    const fit = fitSatisfaction(cells, { groups: 2, referenceGroup: 0, fitUnresolved: true, fitWait: true })!;
    let atTruth = 0;
    for (const c of cells) {
      const eta =
        TRUE.perWaitMin * c.waitMin + (c.unresolved ? TRUE.unresolved : 0) + (TRUE.byGroup[c.group] as number);
      let below = 0;
      c.counts.forEach((count, k) => {
        const upTo = k < 4 ? 1 / (1 + Math.exp(-((TRUE.cutpoints[k] as number) - eta))) : 1;
        atTruth += count * Math.log(upTo - below);
        below = upTo;
      });
    }
    expect(fit.logLik).toBeGreaterThanOrEqual(atTruth);
    expect(fit.cutpoints).toEqual([...fit.cutpoints].sort((a, b) => a - b));
  });

  it('leaves coefficients it is told not to fit at 0, and returns null without ratings', () => {
    const fit = fitSatisfaction(draw(5, 2_000), {
      groups: 2,
      referenceGroup: 1,
      fitUnresolved: false,
      fitWait: false,
    })!;
    expect(fit.unresolved).toBe(0);
    expect(fit.perWaitMin).toBe(0);
    expect(fit.byGroup[1]).toBe(0);
    expect(fitSatisfaction([], { groups: 1, referenceGroup: 0, fitUnresolved: false, fitWait: false })).toBeNull();
  });
});
