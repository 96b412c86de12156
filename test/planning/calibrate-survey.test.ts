import { describe, expect, it } from 'vitest';
import { newCallRecord, type CallRecord } from '../../src/record/call-record.js';
import { SurveyPart } from '../../src/planning/calibrate-survey.js';
import type { CalibrationContext } from '../../src/planning/calibration-part.js';
import { Rng } from '../../src/sim/rng.js';
import { Calibration } from '../../src/planning/calibrate.js';
import { parseScenario } from '../../src/scenario/load-scenario.js';

const CONTEXT: CalibrationContext = {
  timeZone: 'UTC',
  fromSec: 0,
  toSec: 7 * 86400,
  days: 7,
  firstWeekday: 0,
  records: 0,
  source: 'test.db',
};
const LOCAL = { dayIndex: 0, hour: 10, weekday: 0 };
const CUTS = [0.5, 2, 3, 4];

/** Answered calls; 60 % invited rate; ratings from the model with per_wait_min 0.25, unresolved 1, vendor +0.6. */
function records(seed: number, n: number): CallRecord[] {
  const rng = new Rng(seed);
  const out: CallRecord[] = [];
  for (let i = 0; i < n; i += 1) {
    const waitSec = Math.round(-90 * Math.log(rng.nextOpen()));
    const group = rng.next() < 0.3 ? 'vendor' : 'city';
    const resolved = rng.next() < 0.8;
    const eta = 0.25 * (waitSec / 60) + (resolved ? 0 : 1) + (group === 'vendor' ? 0.6 : 0);
    const u = rng.next();
    const rating = 1 + CUTS.filter((t) => u >= 1 / (1 + Math.exp(-(t - eta)))).length;
    const rated = rng.next() < 0.6;
    out.push({
      ...newCallRecord({
        callSid: `C${i}`,
        flowId: 'none',
        direction: 'inbound',
        callerHash: null,
        arrivalSec: i * 10,
        language: 'cmn-CN',
        lastState: 'rated',
      }),
      queueEntrySec: i * 10,
      answerSec: i * 10 + waitSec,
      outcome: 'answered',
      agentGroup: group,
      pool: group === 'vendor' ? 'outsourced' : 'in-house',
      surveyInvited: true,
      rating: rated ? rating : null,
      resolved,
    });
  }
  return out;
}

function calibrate(seed: number, options = {}) {
  const part = new SurveyPart(options);
  for (const r of records(seed, 25_000)) part.add(r, LOCAL);
  return part.finish(CONTEXT);
}

describe('SurveyPart', () => {
  // 15,000 ratings per seed: standard errors about 0.03–0.05; tolerances 0.15 (cutpoints, groups) and 0.05 (wait).
  for (const seed of [11, 12, 13]) {
    it(`recovers participation within 0.02 and the model's coefficients (seed ${seed})`, () => {
      const result = calibrate(seed);
      const survey = (result.json.survey ?? {}) as {
        participation: number;
        ratings: number[];
        satisfaction: {
          cutpoints: number[];
          per_wait_min: number;
          unresolved: number;
          by_group: Record<string, number>;
        };
      };
      expect(Math.abs(survey.participation - 0.6)).toBeLessThan(0.02);
      expect(survey.ratings.reduce((a, b) => a + b, 0)).toBe(Math.round(survey.participation * 25_000));
      const s = survey.satisfaction;
      s.cutpoints.forEach((t, k) => {
        expect(Math.abs(t - (CUTS[k] as number))).toBeLessThan(0.15);
      });
      expect(Math.abs(s.per_wait_min - 0.25)).toBeLessThan(0.05);
      expect(Math.abs(s.unresolved - 1)).toBeLessThan(0.15);
      expect(Object.keys(s.by_group)).toEqual(['vendor']);
      expect(Math.abs((s.by_group.vendor as number) - 0.6)).toBeLessThan(0.15);
    });
  }

  it('writes callers.survey and behaviour.satisfaction with their source, and notes the reference group', () => {
    const result = calibrate(14);
    expect(result.entries.map((e) => e.path.join('.'))).toEqual(['callers.survey', 'behaviour.satisfaction']);
    expect(result.entries[0]?.comment).toMatch(/test\.db, 7 days: \d+ ratings of 25000 callers invited/);
    expect(result.entries[1]?.comment).toMatch(/maximum likelihood on N=\d+ ratings/);
    expect(result.notes.join('\n')).toMatch(/relative to city/);
  });

  it('with a flow leaves callers.survey to the IVR choices, and fits nothing from too few ratings', () => {
    expect(calibrate(15, { flow: true }).entries.map((e) => e.path.join('.'))).toEqual(['behaviour.satisfaction']);
    const part = new SurveyPart();
    for (const r of records(16, 50)) part.add(r, LOCAL);
    const result = part.finish(CONTEXT);
    expect(result.entries.map((e) => e.path.join('.'))).toEqual(['callers.survey']);
    expect(result.notes.join('\n')).toMatch(/fewer than 100; the model is not fitted/);
  });

  it('leaves unresolved at 0 and says so when resolution is not recorded, and fits no group term for one group', () => {
    const part = new SurveyPart();
    for (const r of records(17, 2_000)) part.add({ ...r, resolved: null, agentGroup: 'city' }, LOCAL);
    const result = part.finish(CONTEXT);
    const s = (result.json.survey as { satisfaction: { unresolved: number; by_group: object } }).satisfaction;
    expect(s.unresolved).toBe(0);
    expect(s.by_group).toEqual({});
    expect(result.notes.join('\n')).toMatch(/resolution not recorded both ways on rated calls; unresolved left at 0/);
  });
});

describe('SurveyPart with rated calls without an agent group', () => {
  /** Epoch seconds (a Monday), so the whole calibration runs over these records. */
  const START = Date.UTC(2026, 1, 2) / 1000;
  const ungrouped = (seed: number) =>
    records(seed, 6_000).map((r, i) => ({
      ...r,
      arrivalSec: START + r.arrivalSec,
      queueEntrySec: START + (r.queueEntrySec as number),
      answerSec: START + (r.answerSec as number),
      endSec: START + (r.answerSec as number) + 120,
      handleSec: 120,
      agentId: `${r.agentGroup}-${i % 5}`,
      // Every fourth call's group and pool were not recorded.
      ...(i % 4 === 0 ? { agentGroup: null, pool: null } : {}),
    }));

  it('gives them no group term: the reference is their level, every named group has its own coefficient', () => {
    const part = new SurveyPart();
    for (const r of ungrouped(18)) part.add(r, LOCAL);
    const result = part.finish(CONTEXT);
    const s = (result.json.survey as { satisfaction: { by_group: Record<string, number> } }).satisfaction;
    expect(Object.keys(s.by_group).sort()).toEqual(['city', 'vendor']);
    expect(result.notes.join('\n')).toMatch(/relative to the \d+ rated calls without an agent group/);
  });

  it('writes a scenario that loads, with no pool or group named "(none)"', () => {
    const calibration = new Calibration({ source: 'test.csv', timeZone: 'UTC' });
    for (const r of ungrouped(19)) calibration.add(r);
    const { yaml } = calibration.result();
    expect(yaml).not.toContain('(none)');
    const scenario = parseScenario(yaml, 'calibrated');
    expect(scenario.behaviour?.satisfaction?.by_group).toHaveProperty('vendor');
  });
});
