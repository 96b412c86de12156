/**
 * The shipped case studies (scenarios/case-*.yaml, README "Case studies"): every one loads with its contracts and
 * simulates, and the headline directions the README reads from them hold. Runs are one simulated Thursday and two
 * replications each (the README's tables use a week and more replications): enough for the directions, which are
 * large, not for the README's figures.
 */
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareScenario } from '../../src/planning/flow-registry.js';
import { loadRunnableScenario } from '../../src/planning/recorded-behaviour.js';
import { type SimulationSummary, simulate } from '../../src/planning/run-scenario.js';

const ROOT = resolve(import.meta.dirname, '../..');
const SCENARIOS = resolve(ROOT, 'scenarios');
const CASES = readdirSync(SCENARIOS)
  .filter((f) => f.startsWith('case-') && f.endsWith('.yaml'))
  .map((f) => f.replace(/\.yaml$/, ''))
  .sort();

/** Each case study simulated on one Thursday, 2 replications, its own seed (the same for scenarios compared). */
const runs = new Map<string, SimulationSummary>();

/** A KPI's mean over the replications. */
function kpi(name: string, path: string): number {
  const estimate = runs.get(name)?.estimates.get(path);
  if (!estimate) throw new Error(`no ${path} for ${name}`);
  return estimate.mean;
}

beforeAll(async () => {
  for (const name of CASES) {
    const { scenario } = await loadRunnableScenario(name, ROOT, SCENARIOS);
    await prepareScenario(scenario, ROOT);
    // A Thursday: day-of-week factor 1, near the week's mean (0.97), so the weekly figures hold roughly on it.
    const oneDay = { ...scenario, horizon: { ...scenario.horizon, days: 1, start_day: 'Thu' as const } };
    runs.set(name, simulate(oneDay, { seed: scenario.seed, replications: 2 }));
  }
}, 120_000);

describe('the shipped case studies', () => {
  it('are the eight Liaocheng and Nanning scenarios', () => {
    expect(CASES).toEqual([
      'case-liaocheng-contractor',
      'case-liaocheng-contractor-insured',
      'case-liaocheng-hybrid',
      'case-liaocheng-inhouse',
      'case-nanning-after',
      'case-nanning-before',
      'case-nanning-staffing-only',
      'case-nanning-survey-only',
    ]);
  });

  it('each simulates calls and answers most of them, or about 30 % with Nanning’s staffing before the reform', () => {
    const before = ['case-nanning-before', 'case-nanning-survey-only'];
    for (const name of CASES) {
      expect(kpi(name, 'offered'), name).toBeGreaterThan(3000);
      expect(kpi(name, 'answerRate'), name).toBeGreaterThan(before.includes(name) ? 0.2 : 0.8);
    }
  });
});

describe('Liaocheng: what the 2024 contract buys', () => {
  it('is priced at the contract for the contractor: 16,665,264 RMB a year, no staff cost of its own', () => {
    expect(kpi('case-liaocheng-contractor', 'cost.contractPricePerYear')).toBeCloseTo(16_665_264, 0);
    expect(kpi('case-liaocheng-contractor', 'cost.staffPerYear')).toBe(0);
  });

  it('spends about the same money in every option (within 2 %: penalties may come off)', () => {
    for (const name of ['case-liaocheng-inhouse', 'case-liaocheng-hybrid', 'case-liaocheng-contractor-insured']) {
      const ratio = kpi(name, 'cost.perYear') / kpi('case-liaocheng-contractor', 'cost.perYear');
      expect(Math.abs(ratio - 1), name).toBeLessThan(0.02);
    }
  });

  it('buys the contractor the most hours, so the best 15-second service; the hybrid sits between', () => {
    const sl = (name: string) => kpi(name, 'serviceLevel.15');
    expect(sl('case-liaocheng-contractor')).toBeGreaterThan(0.95);
    expect(sl('case-liaocheng-contractor')).toBeGreaterThan(sl('case-liaocheng-hybrid'));
    expect(sl('case-liaocheng-hybrid')).toBeGreaterThan(sl('case-liaocheng-inhouse'));
  });

  it('buys fewer hours, so less service, when the contractor pays social insurance (35.9 instead of 28.8 RMB/h)', () => {
    expect(kpi('case-liaocheng-contractor-insured', 'serviceLevel.15')).toBeLessThan(
      kpi('case-liaocheng-contractor', 'serviceLevel.15'),
    );
  });

  it('shows the assumed weaker resolution of the contractor as more calls and lower strict satisfaction', () => {
    expect(kpi('case-liaocheng-contractor', 'offered')).toBeGreaterThan(kpi('case-liaocheng-inhouse', 'offered'));
    expect(kpi('case-liaocheng-contractor', 'satisfactionStrict')).toBeLessThan(
      kpi('case-liaocheng-inhouse', 'satisfactionStrict'),
    );
  });
});

describe('Nanning before and after', () => {
  it('reproduces the answer rate ~30 % before and ~90 % after (within 6 points on one day)', () => {
    expect(Math.abs(kpi('case-nanning-before', 'answerRate') - 0.3)).toBeLessThan(0.06);
    expect(Math.abs(kpi('case-nanning-after', 'answerRate') - 0.9)).toBeLessThan(0.06);
  });

  it('answers about 2.38 times as many calls after (between 2 and 2.8) from the same first-attempt demand', () => {
    const ratio = kpi('case-nanning-after', 'answered') / kpi('case-nanning-before', 'answered');
    expect(ratio).toBeGreaterThan(2);
    expect(ratio).toBeLessThan(2.8);
  });

  it('raises satisfaction (lenient) from near 78 % to near 97.68 % (one day of 1 % raters: below 90 % before)', () => {
    expect(kpi('case-nanning-before', 'satisfactionLenient')).toBeLessThan(0.9);
    expect(kpi('case-nanning-after', 'satisfactionLenient')).toBeGreaterThan(0.95);
  });

  it('a change in survey practice alone moves satisfaction: more callers rate, fewer of them aggrieved', () => {
    const strict = (name: string) => kpi(name, 'satisfactionStrict');
    expect(strict('case-nanning-survey-only') - strict('case-nanning-before')).toBeGreaterThan(0.1);
  });

  it('a change in survey practice alone leaves every call as it was: same answer rate, answered calls and waits', () => {
    for (const path of ['offered', 'answered', 'answerRate', 'asaSec']) {
      expect(kpi('case-nanning-survey-only', path), path).toBe(kpi('case-nanning-before', path));
    }
    expect(kpi('case-nanning-survey-only', 'surveyParticipation')).toBeGreaterThan(0.5);
    expect(kpi('case-nanning-before', 'surveyParticipation')).toBeLessThan(0.03);
  });

  it('staffing alone gives the after answer rate, and some of the satisfaction rise (shorter waits, more resolved)', () => {
    expect(kpi('case-nanning-staffing-only', 'answerRate')).toBe(kpi('case-nanning-after', 'answerRate'));
    const lenient = (name: string) => kpi(name, 'satisfactionLenient');
    expect(lenient('case-nanning-staffing-only')).toBeGreaterThan(lenient('case-nanning-before'));
    expect(lenient('case-nanning-staffing-only')).toBeLessThan(lenient('case-nanning-after'));
  });
});
