import { describe, expect, it } from 'vitest';
import { IvrPart } from '../../src/planning/calibrate-ivr.js';
import type { CalibrationContext } from '../../src/planning/calibration-part.js';
import { prepareScenario } from '../../src/planning/flow-registry.js';
import { runReplication } from '../../src/planning/run-scenario.js';
import type { CallRecord } from '../../src/record/call-record.js';
import { loadFlow } from '../../src/scenario/load-flow.js';
import { scenarioSchema } from '../../src/scenario/scenario-schema.js';

const CONTEXT: CalibrationContext = {
  timeZone: 'UTC',
  fromSec: 0,
  toSec: 2 * 86400,
  days: 2,
  firstWeekday: 0,
  records: 0,
  source: 'simulated',
};
const SKILLS = ['general', 'enterprise', 'social-insurance', 'consumer', 'dialect', 'foreign-language'];
/** The menu's known choices; keys 2, 3, 4, 8, 9 each lead to a queue no other choice leads to. */
const MENU = { '1': 40, '2': 12, '3': 10, '4': 6, '8': 2, '9': 3, '5': 8, hangup: 4, '*': 2, '7': 3, none: 5 };
const SURVEY = { '1': 50, '2': 25, '3': 10, '4': 5, '5': 3, hangup: 4, none: 3 };

async function simulate(seed: number): Promise<CallRecord[]> {
  const scenario = scenarioSchema.parse({
    name: 'menu',
    flow: 'hotline-12345-menu',
    horizon: { days: 2 },
    demand: { calls_per_hour: 200 },
    call_types: [{ name: 'general', share: 1, skill: 'general', handle_sec: { dist: 'exponential', mean: 180 } }],
    callers: { patience_sec: { dist: 'exponential', mean: 600 }, ivr: { choices: { menu: MENU, survey: SURVEY } } },
    pools: [{ name: 'city', pool: 'in-house', skills: SKILLS, agents: 14 }],
  });
  await prepareScenario(scenario);
  const records: CallRecord[] = [];
  runReplication(scenario, seed, 0, undefined, (r) => records.push({ ...r }));
  return records;
}

const share = (weights: Record<string, number>, keys: readonly string[]) => {
  const total = keys.reduce((sum, k) => sum + (weights[k] ?? 0), 0);
  return Object.fromEntries(keys.map((k) => [k, (weights[k] ?? 0) / total]));
};

describe('IvrPart on the legacy menu flow', () => {
  for (const seed of [1, 2]) {
    it(`recovers keys with their own queue and the ratings within 0.02 of their shares (seed ${seed})`, async () => {
      const part = new IvrPart(await loadFlow('hotline-12345-menu'));
      for (const r of await simulate(seed)) part.add(r, { dayIndex: 0, hour: 0, weekday: 0 });
      const result = part.finish(CONTEXT);
      const choices = (result.json.ivrChoices as { choices: Record<string, Record<string, number>> }).choices;
      const keys = ['2', '3', '4', '8', '9'];
      const got = share(choices.menu ?? {}, keys);
      const want = share(MENU, keys);
      for (const k of keys) expect(Math.abs((got[k] as number) - (want[k] as number))).toBeLessThan(0.02);
      const ratings = ['1', '2', '3', '4', '5'];
      const rated = share(choices.survey ?? {}, ratings);
      const wantRated = share(SURVEY, ratings);
      for (const k of ratings) expect(Math.abs((rated[k] as number) - (wantRated[k] as number))).toBeLessThan(0.02);
      // Hang-ups at the menu against the keys told apart exactly (2, 3, 4, 8, 9): 4 of 33 per visit.
      const perKeyed = (choices.menu?.hangup ?? 0) / keys.reduce((s, k) => s + (choices.menu?.[k] ?? 0), 0);
      expect(perKeyed).toBeGreaterThan(0.7 * (4 / 33));
      expect(perKeyed).toBeLessThan(1.3 * (4 / 33));
      expect(result.entries[0]?.path).toEqual(['callers', 'ivr', 'choices']);
      expect(result.notes.join('\n')).toMatch(/menu: 1, 0, .* all lead to queue:general; counted under 1/);
      expect(result.notes.join('\n')).toMatch(/menu: \*, invalid, unmatched-speech, none lead back to a gather/);
    });
  }
});

describe('IvrPart on a gather with a retry (the direct flow: the survey asks again after no input)', () => {
  it('fits the per-try no-input share, not the per-call one (0.4 per try: 0.16 of calls end unrated)', async () => {
    const SURVEY_TRIES = { '1': 0.35, '2': 0.2, '3': 0.05, none: 0.4 };
    const scenario = scenarioSchema.parse({
      name: 'direct',
      flow: 'hotline-12345-direct',
      horizon: { days: 2 },
      demand: { calls_per_hour: 100 },
      call_types: [{ name: 'general', share: 1, skill: 'general', handle_sec: { dist: 'exponential', mean: 120 } }],
      callers: { ivr: { choices: { welcome: { none: 1 }, survey: SURVEY_TRIES } } },
      pools: [{ name: 'city', pool: 'in-house', skills: ['general', 'foreign-language'], agents: 6 }],
    });
    await prepareScenario(scenario);
    const part = new IvrPart(await loadFlow('hotline-12345-direct'));
    runReplication(scenario, 3, 0, undefined, (r) => part.add({ ...r }, { dayIndex: 0, hour: 0, weekday: 0 }));
    const result = part.finish(CONTEXT);
    const survey = (result.json.ivrChoices as { choices: Record<string, Record<string, number>> }).choices.survey!;
    const total = Object.values(survey).reduce((a, b) => a + b, 0);
    expect(Math.abs((survey.none ?? 0) / total - 0.4)).toBeLessThan(0.03);
    expect(Math.abs((survey['1'] ?? 0) / total - 0.35)).toBeLessThan(0.03);
    expect(result.notes.join('\n')).toMatch(/survey: a silent caller hears it 2 times/);
  });
});
