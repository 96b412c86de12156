import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load-scenario.js';

const ONE_SKILL = `call_types: [{ name: g, share: 1, skill: g, handle_sec: { dist: exponential, mean: 60 } }]`;

describe('scenario checks that prevent silent wrong answers', () => {
  const body = `horizon: { days: 1 }\n${ONE_SKILL}\npools: [{ name: a, pool: in-house, skills: [g], agents: 3 }]\n`;
  it.each([
    [
      'an interval that does not divide an hour',
      `name: x\ninterval_minutes: 90\ndemand: { calls_per_hour: 10 }\n${body}`,
      /interval_minutes: must divide an hour/,
    ],
    [
      'weekday factors with a constant hourly rate',
      `name: x\ndemand: { calls_per_hour: 10, day_of_week_factor: { Mon: 2 } }\n${body}`,
      /use them with calls_per_day, not calls_per_hour/,
    ],
    [
      'a warm-up longer than the horizon',
      `name: x\nwarmup_minutes: 2000\ndemand: { calls_per_hour: 10 }\n${body}`,
      /warmup_minutes \(2000\) is at least the horizon/,
    ],
    [
      'two pools with one name',
      `name: x\ndemand: { calls_per_hour: 10 }\nhorizon: { days: 1 }\n${ONE_SKILL}\npools: [{ name: a, pool: in-house, skills: [g], agents: 3 }, { name: a, pool: outsourced, skills: [g], agents: 3 }]\n`,
      /pools\[1\]\.name: "a" is used twice/,
    ],
  ])('rejects %s', (_label, yaml, message) => {
    expect(() => parseScenario(yaml, 't.yaml')).toThrow(message);
  });
});
