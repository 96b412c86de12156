import { describe, expect, it } from 'vitest';
import { answeredWithinFromQueue } from '../../src/analysis/impatient-queue-service-level.js';

/**
 * Closed forms for one or two callers ahead: the caller is answered with
 * probability nμ/(nμ + (j+1)θ), after a sum of exponential stages with rates
 * nμ + θ, …, nμ + (j+1)θ.
 */
function headOfQueue(nMu: number, theta: number, t: number): number {
  const a = nMu + theta;
  return (nMu / a) * (1 - Math.exp(-a * t));
}
function secondInQueue(nMu: number, theta: number, t: number): number {
  const a = nMu + theta;
  const b = nMu + 2 * theta;
  const reachWithin = 1 - (b * Math.exp(-a * t) - a * Math.exp(-b * t)) / (b - a);
  return (nMu / b) * reachWithin;
}

describe('answeredWithinFromQueue (uniformisation)', () => {
  it('matches the closed form at the head of the queue', () => {
    for (const t of [0.5, 2, 20]) {
      expect(
        answeredWithinFromQueue({ queueMass: [1], serviceRatePerSec: 1, abandonRatePerSec: 0.5, targetSec: t }),
      ).toBeCloseTo(headOfQueue(1, 0.5, t), 12);
    }
  });

  it('matches the closed form one place further back, weighting by the mass', () => {
    const expected = 0.3 * headOfQueue(1.7, 0.01, 3) + 0.2 * secondInQueue(1.7, 0.01, 3);
    expect(
      answeredWithinFromQueue({ queueMass: [0.3, 0.2], serviceRatePerSec: 1.7, abandonRatePerSec: 0.01, targetSec: 3 }),
    ).toBeCloseTo(expected, 12);
  });

  it('handles thresholds with thousands of expected jumps (no e^{−Λt} underflow)', () => {
    const t = 2000;
    const got = answeredWithinFromQueue({
      queueMass: [0.5, 0.5],
      serviceRatePerSec: 1.7,
      abandonRatePerSec: 0.01,
      targetSec: t,
    });
    expect(got).toBeCloseTo(0.5 * headOfQueue(1.7, 0.01, t) + 0.5 * secondInQueue(1.7, 0.01, t), 12);
  });

  it('answers nobody from the queue within 0 s', () => {
    expect(
      answeredWithinFromQueue({ queueMass: [0.4, 0.1], serviceRatePerSec: 1, abandonRatePerSec: 1, targetSec: 0 }),
    ).toBe(0);
    expect(answeredWithinFromQueue({ queueMass: [], serviceRatePerSec: 1, abandonRatePerSec: 1, targetSec: 20 })).toBe(
      0,
    );
  });
});
