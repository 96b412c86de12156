import { describe, expect, it } from 'vitest';
import { assessContract, type Contract } from '../../src/analysis/contract-assessment.js';
import type { Kpis } from '../../src/analysis/kpis.js';

const contract: Contract = {
  name: 'Vendor test',
  group: ['vendor-a'],
  currency: 'RMB',
  period: 'month',
  judge_on: 'point',
  price: { fixed_per_month: 100_000, per_agent_hour: 30, per_answered_call: 2 },
  targets: {
    answer_within_sec: 15,
    service_level_min: 0.9,
    abandon_rate_max: 0.05,
    satisfaction_min: 0.9,
    satisfaction_definition: 'lenient',
    aht_sec: { min: 120, max: 420 },
    connection_rate_24h_min: 0.95,
  },
  penalties: {
    service_level: { per_point: 10_000, fixed: 0 },
    abandon_rate: { per_point: 10_000, fixed: 0 },
    satisfaction: { per_point: 5_000, fixed: 0 },
    aht: { per_point: 0, fixed: 5_000 },
    connection_rate_24h: { per_point: 0, fixed: 20_000 },
    cap_share_of_price: null,
  },
};

/** KPIs of a period as KpiAccumulator gives them (exact counts); only the fields a contract reads matter. */
function kpis(k: {
  offered: number;
  answered: number;
  abandoned: number;
  sl15: number;
  ratings: number;
  lenient: number;
  ahtSec: number;
}): Kpis {
  const satisfied = Math.round(k.lenient * k.ratings);
  return {
    counts: {
      'serviceLevel.15': { numerator: Math.round(k.sl15 * k.offered), denominator: k.offered },
      abandonRate: { numerator: k.abandoned, denominator: k.offered },
      answerRate: { numerator: k.answered, denominator: k.offered },
      satisfactionStrict: { numerator: satisfied, denominator: k.ratings },
      satisfactionLenient: { numerator: satisfied, denominator: k.ratings },
    },
    offered: k.offered,
    answered: k.answered,
    abandoned: k.abandoned,
    answerRate: k.answered / k.offered,
    abandonRate: k.abandoned / k.offered,
    serviceLevel: { '15': k.sl15 },
    surveyParticipation: k.ratings / k.answered,
    satisfactionLenient: k.lenient,
    satisfactionStrict: k.lenient,
    ahtSec: k.ahtSec,
  } as unknown as Kpis;
}

const met = kpis({ offered: 1000, answered: 980, abandoned: 20, sl15: 0.95, ratings: 490, lenient: 0.95, ahtSec: 300 });
const missed = kpis({
  offered: 1000,
  answered: 900,
  abandoned: 100,
  sl15: 0.85,
  ratings: 450,
  lenient: 0.8,
  ahtSec: 450,
});

describe('assessContract', () => {
  it('a period meeting every target owes no penalty; the price is fixed + hours × rate + answered × rate', () => {
    const [a] = assessContract(contract, [{ group: 'vendor-a', period: '2026-11', kpis: met, agentHours: 1000 }]);
    expect(a!.targets.map((t) => [t.target, t.met])).toEqual([
      ['service_level', true],
      ['abandon_rate', true],
      ['satisfaction', true],
      ['aht', true],
      ['connection_rate_24h', true],
    ]);
    expect(a!.price).toEqual({ fixed: 100_000, agentHours: 30_000, answeredCalls: 1960, total: 131_960 });
    expect(a!).toMatchObject({ penalty: 0, capped: false, payable: 131_960, group: 'vendor-a', period: '2026-11' });
  });

  it('a period missing every target owes per point and fixed penalties (hand-computed: 175,000)', () => {
    const [a] = assessContract(contract, [{ group: 'vendor-a', period: '2026-11', kpis: missed, agentHours: 1000 }]);
    const by = Object.fromEntries(a!.targets.map((t) => [t.target, t]));
    expect(by.service_level!.met).toBe(false);
    expect(by.service_level!.shortfall).toBeCloseTo(5, 9);
    expect(by.service_level!.penalty).toBeCloseTo(50_000, 6);
    expect(by.abandon_rate!.penalty).toBeCloseTo(50_000, 6);
    expect(by.satisfaction!.penalty).toBeCloseTo(50_000, 6);
    expect(by.aht!).toMatchObject({ met: false, shortfall: 30, penalty: 5_000, interval: null });
    expect(by.connection_rate_24h!.penalty).toBe(20_000);
    expect(a!.price.total).toBe(131_800);
    expect(a!.penalty).toBeCloseTo(175_000, 6);
    expect(a!.payable).toBe(0);
  });

  it('caps a period penalty at cap_share_of_price × the price', () => {
    const capped = { ...contract, penalties: { ...contract.penalties, cap_share_of_price: 0.1 } };
    const [a] = assessContract(capped, [{ group: 'vendor-a', period: '2026-11', kpis: missed, agentHours: 1000 }]);
    expect(a!.penaltyUncapped).toBeCloseTo(175_000, 6);
    expect(a!.penalty).toBeCloseTo(13_180, 6);
    expect(a!.capped).toBe(true);
    expect(a!.payable).toBeCloseTo(118_620, 6);
  });

  it('judge_on interval misses a target only when the whole 95 % interval misses it', () => {
    const period = kpis({
      offered: 100,
      answered: 95,
      abandoned: 5,
      sl15: 0.85,
      ratings: 0,
      lenient: NaN,
      ahtSec: 300,
    });
    const point = assessContract(contract, [{ group: 'g', period: 'p', kpis: period }])[0]!.targets[0]!;
    const interval = assessContract({ ...contract, judge_on: 'interval' }, [
      { group: 'g', period: 'p', kpis: period },
    ])[0]!.targets[0]!;
    expect(point.met).toBe(false);
    expect(interval.met).toBe(true);
    expect(interval.penalty).toBe(0);
    expect(interval.interval![0]).toBeCloseTo(0.76716, 4);
    expect(interval.interval![1]).toBeCloseTo(0.90694, 4);
    const clear = kpis({
      offered: 1000,
      answered: 950,
      abandoned: 50,
      sl15: 0.85,
      ratings: 0,
      lenient: NaN,
      ahtSec: 300,
    });
    const far = assessContract({ ...contract, judge_on: 'interval' }, [{ group: 'g', period: 'p', kpis: clear }])[0]!;
    expect(far.targets[0]!.met).toBe(false);
    expect(far.targets[0]!.penalty).toBeCloseTo(50_000, 6);
  });

  it('does not judge a target with nothing to measure (no ratings, no calls)', () => {
    const none = kpis({ offered: 100, answered: 95, abandoned: 5, sl15: 0.95, ratings: 0, lenient: NaN, ahtSec: 300 });
    const sat = assessContract(contract, [{ group: 'g', period: 'p', kpis: none }])[0]!.targets[2]!;
    expect(sat).toMatchObject({ target: 'satisfaction', met: null, penalty: 0, interval: null });
  });

  it('a quarter owes three months of the fixed price; volumeScale scales hours and answered calls only', () => {
    const [a] = assessContract({ ...contract, period: 'quarter' }, [
      { group: 'g', period: '2026-Q4', kpis: met, agentHours: 1000, volumeScale: 2 },
    ]);
    expect(a!.price).toEqual({ fixed: 300_000, agentHours: 60_000, answeredCalls: 3920, total: 363_920 });
  });
});

describe('assessContract on unknown agent hours', () => {
  it('leaves the price, a capped penalty and the payable amount not computable (null), never guessed', () => {
    const capped = { ...contract, penalties: { ...contract.penalties, cap_share_of_price: 0.1 } };
    const [a] = assessContract(capped, [{ group: 'g', period: 'p', kpis: missed, agentHours: null }]);
    expect(a!.price).toEqual({ fixed: 100_000, agentHours: null, answeredCalls: 1800, total: null });
    expect(a!).toMatchObject({ penalty: null, capped: null, payable: null });
    expect(a!.penaltyUncapped).toBeCloseTo(175_000, 6);
    const [b] = assessContract(contract, [{ group: 'g', period: 'p', kpis: missed, agentHours: null }]);
    expect(b!.penalty).toBeCloseTo(175_000, 6);
    expect(b!.capped).toBe(false);
  });

  it('needs no agent hours when the contract has no price per agent-hour', () => {
    const noHourly = { ...contract, price: { ...contract.price, per_agent_hour: 0 } };
    const [a] = assessContract(noHourly, [{ group: 'g', period: 'p', kpis: met, agentHours: null }]);
    expect(a!.price).toEqual({ fixed: 100_000, agentHours: 0, answeredCalls: 1960, total: 101_960 });
    expect(a!.payable).toBe(101_960);
  });

  it('reads the exact counts: a missing service-level threshold is a programming error, not a silent skip', () => {
    const { counts, ...rest } = met;
    const without = { ...rest, counts: { ...counts, 'serviceLevel.15': undefined } } as unknown as Kpis;
    expect(() => assessContract(contract, [{ group: 'g', period: 'p', kpis: without }])).toThrow(
      /no counts for serviceLevel\.15/,
    );
  });
});
