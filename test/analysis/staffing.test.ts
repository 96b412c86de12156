import { describe, expect, it } from 'vitest';
import { erlangA } from '../../src/analysis/erlang-a.js';
import { erlangC } from '../../src/analysis/erlang-c.js';
import { minAgentsErlangA, minAgentsErlangC, scheduledFromOnPhone } from '../../src/analysis/staffing.js';

const PYWORKFORCE = { callsPerInterval: 100, intervalSec: 1800, ahtSec: 180 } as const;

describe('minAgentsErlangC', () => {
  it('C1: 80/20 is first met at n = 14', () => {
    const { agents, result } = minAgentsErlangC({ ...PYWORKFORCE, serviceLevel: 0.8, targetSec: 20 });
    expect(agents).toBe(14);
    expect(result.serviceLevel).toBeCloseTo(0.88835, 6);
    expect(erlangC({ ...PYWORKFORCE, agents: 13, targetSec: 20 }).serviceLevel).toBeLessThan(0.8);
  });

  it('pyworkforce: max occupancy 85 % keeps 14 (20 scheduled at 30 % shrinkage); 70 % needs 15 (22 scheduled)', () => {
    const loose = minAgentsErlangC({ ...PYWORKFORCE, serviceLevel: 0.8, targetSec: 20, maxOccupancy: 0.85 });
    expect([loose.agents, scheduledFromOnPhone(loose.agents, 0.3)]).toEqual([14, 20]);
    const tight = minAgentsErlangC({ ...PYWORKFORCE, serviceLevel: 0.8, targetSec: 20, maxOccupancy: 0.7 });
    expect([tight.agents, scheduledFromOnPhone(tight.agents, 0.3)]).toEqual([15, 22]);
    expect(tight.result.occupancy).toBeCloseTo(0.667, 3);
  });

  it('meets an ASA goal alone', () => {
    const { agents, result } = minAgentsErlangC({ ...PYWORKFORCE, maxAsaSec: 5 });
    expect(agents).toBe(15);
    expect(result.asaSec).toBeLessThanOrEqual(5);
    expect(erlangC({ ...PYWORKFORCE, agents: 14 }).asaSec).toBeGreaterThan(5);
  });

  it('refuses a search with no goal, and a goal no staffing meets', () => {
    expect(() => minAgentsErlangC({ ...PYWORKFORCE })).toThrow(
      expect.objectContaining({ code: 'HOTLINE_ARGUMENT_INVALID', message: expect.stringContaining('no goal given') }),
    );
    expect(() => minAgentsErlangC({ ...PYWORKFORCE, serviceLevel: 0.8, maxAgents: 12 })).toThrow(
      expect.objectContaining({
        code: 'HOTLINE_GOAL_UNREACHABLE',
        message: expect.stringContaining('no staffing up to 12 agents meets the goal'),
      }),
    );
    expect(() => minAgentsErlangC({ ...PYWORKFORCE, serviceLevel: 80 })).toThrow(
      /serviceLevel must be a fraction between 0 and 1/,
    );
  });
});

describe('minAgentsErlangA', () => {
  it('A2: Erlang A needs 13 agents for 80/20 where Erlang C needs 14 (pyworkforce docs)', () => {
    const { agents, result } = minAgentsErlangA({ ...PYWORKFORCE, patienceSec: 300, serviceLevel: 0.8, targetSec: 20 });
    expect(agents).toBe(13);
    expect(result.serviceLevel).toBeCloseTo(0.858178, 6);
    expect(erlangA({ ...PYWORKFORCE, patienceSec: 300, agents: 12, targetSec: 20 }).serviceLevel).toBeLessThan(0.8);
  });

  it('meets a cap on abandonment', () => {
    const { agents, result } = minAgentsErlangA({ ...PYWORKFORCE, patienceSec: 300, maxAbandonRate: 0.01 });
    expect(result.pAbandon).toBeLessThanOrEqual(0.01);
    expect(erlangA({ ...PYWORKFORCE, patienceSec: 300, agents: agents - 1 }).pAbandon).toBeGreaterThan(0.01);
  });

  it('finds the same answer as a scan from one agent, whatever the square-root estimate', () => {
    const goals = [
      { serviceLevel: 0.8, targetSec: 20 },
      { serviceLevel: 0.95, targetSec: 10, maxAbandonRate: 0.02 },
      { maxAbandonRate: 0.005 },
      { maxAsaSec: 3, maxOccupancy: 0.9 },
    ];
    for (const load of [3, 48, 300]) {
      for (const goal of goals) {
        const traffic = { ratePerSec: load / 180, ahtSec: 180, patienceSec: 150 };
        const found = minAgentsErlangA({ ...traffic, ...goal }).agents;
        let scan = 1;
        const meets = (n: number) => {
          const r = erlangA({ ...traffic, agents: n, targetSec: goal.targetSec ?? 20 });
          return (
            (goal.serviceLevel === undefined || r.serviceLevel >= goal.serviceLevel) &&
            (goal.maxAbandonRate === undefined || r.pAbandon <= goal.maxAbandonRate) &&
            (goal.maxAsaSec === undefined || r.asaSec <= goal.maxAsaSec) &&
            (goal.maxOccupancy === undefined || r.occupancy <= goal.maxOccupancy)
          );
        };
        while (!meets(scan)) scan += 1;
        expect({ load, goal, agents: found }).toEqual({ load, goal, agents: scan });
      }
    }
  });

  it('stops at the number of lines', () => {
    expect(() => minAgentsErlangA({ ...PYWORKFORCE, patienceSec: 300, lines: 12, serviceLevel: 0.95 })).toThrow(
      /no staffing up to 12 agents/,
    );
  });
});

describe('scheduledFromOnPhone', () => {
  it('divides by the share on the phones and rounds up: 14 → 20 at 30 % (pyworkforce)', () => {
    expect(scheduledFromOnPhone(14, 0.3)).toBe(20);
    expect(scheduledFromOnPhone(15, 0.3)).toBe(22);
    expect(scheduledFromOnPhone(7, 0.3)).toBe(10);
    expect(scheduledFromOnPhone(10, 0)).toBe(10);
    expect(scheduledFromOnPhone(0, 0.5)).toBe(0);
  });

  it('rejects a shrinkage of 100 % or more', () => {
    expect(() => scheduledFromOnPhone(14, 1)).toThrow(/scheduledFromOnPhone: shrinkage must be at least 0 and below 1/);
  });
});
