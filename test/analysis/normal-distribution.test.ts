import { describe, expect, it } from 'vitest';
import { normalCdf, normalHazard, normalPdf, normalSurvival } from '../../src/analysis/normal-distribution.js';

/** Relative error, for values spanning hundreds of orders of magnitude. */
const relErr = (actual: number, expected: number) => Math.abs(actual / expected - 1);

describe('normal distribution', () => {
  it('matches 50-digit values of Φ in the centre and both tails', () => {
    // mpmath ncdf at 50 digits
    const cases: [number, number][] = [
      [-37, 5.7255712225245768e-300],
      [-20, 2.7536241186062337e-89],
      [-5, 2.8665157187919391e-7],
      [-1, 0.15865525393145705],
      [0.5, 0.6914624612740131],
      [1.96, 0.97500210485177957],
      [3, 0.99865010196836991],
    ];
    for (const [x, phi] of cases) expect(relErr(normalCdf(x), phi)).toBeLessThan(1e-14);
  });

  it('keeps the upper tail accurate where 1 − Φ would round to 0', () => {
    expect(relErr(normalSurvival(8), 6.2209605742717841e-16)).toBeLessThan(1e-14);
    expect(relErr(normalSurvival(20), 2.7536241186062337e-89)).toBeLessThan(1e-14);
    expect(normalSurvival(0)).toBe(0.5);
  });

  it('gives the density φ(0) = 1/√(2π)', () => {
    expect(normalPdf(0)).toBeCloseTo(1 / Math.sqrt(2 * Math.PI), 15);
    expect(normalPdf(-1.5)).toBe(normalPdf(1.5));
  });

  it('gives the hazard φ/(1 − Φ) for any x, including where both underflow', () => {
    expect(normalHazard(0)).toBeCloseTo(2 * normalPdf(0), 15);
    expect(relErr(normalHazard(-5), 1.4867199409049057e-6)).toBeLessThan(1e-14);
    expect(relErr(normalHazard(0.5), 1.1410777703680645)).toBeLessThan(1e-14);
    expect(relErr(normalHazard(8), 8.1213681122361127)).toBeLessThan(1e-14);
    // φ(40) and 1 − Φ(40) both underflow to 0; mpmath at 80 digits gives the ratio
    expect(relErr(normalHazard(40), 40.024968847207263723)).toBeLessThan(1e-14);
  });
});
