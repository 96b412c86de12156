import { describe, expect, it } from 'vitest';
import { flowCallbackOfferSec, RoutingPart } from '../../src/planning/calibrate-routing.js';
import type { CalibrationContext } from '../../src/planning/calibration-part.js';
import { prepareScenario } from '../../src/planning/flow-registry.js';
import { runReplication } from '../../src/planning/run-scenario.js';
import type { CallRecord } from '../../src/record/call-record.js';
import { loadFlow } from '../../src/scenario/load-flow.js';
import { scenarioSchema } from '../../src/scenario/scenario-schema.js';
import { DEFAULT_ROUTING } from '../../src/server/services/routing.js';

const DAYS = 3;
const CONTEXT: CalibrationContext = {
  timeZone: 'UTC',
  fromSec: 0,
  toSec: DAYS * 86400,
  days: DAYS,
  firstWeekday: 0,
  records: 0,
  source: 'simulated',
};

/** A hybrid line: the city's 9 agents first, a vendor's 5 after 10 s of waiting, 150 calls an hour of 240 s. */
async function simulate(seed: number, flow = 'none'): Promise<CallRecord[]> {
  const scenario = scenarioSchema.parse({
    name: 'hybrid',
    flow,
    horizon: { days: DAYS },
    demand: { calls_per_hour: 150 },
    call_types: [{ name: 'general', share: 1, skill: 'general', handle_sec: { dist: 'lognormal', mean: 240, cv: 1 } }],
    callers: {
      patience_sec: { dist: 'exponential', mean: 300 },
      ...(flow === 'none' ? {} : { ivr: { callback_accept: 0.3 } }),
    },
    pools: [
      { name: 'city', pool: 'in-house', skills: ['general', 'foreign-language'], agents: 6 },
      { name: 'vendor', pool: 'outsourced', skills: ['general'], agents: 4, min_wait_sec: 10, priority: 2 },
    ],
  });
  await prepareScenario(scenario);
  const records: CallRecord[] = [];
  runReplication(scenario, seed, 0, undefined, (r) => records.push({ ...r }));
  return records;
}

function calibrate(records: readonly CallRecord[], part = new RoutingPart()) {
  for (const r of records) part.add(r, { dayIndex: 0, hour: 0, weekday: 0 });
  return part.finish(CONTEXT);
}

describe('RoutingPart', () => {
  for (const seed of [1, 2]) {
    it(`infers the city first and the vendor's 10 s overflow wait within 2 s (seed ${seed})`, async () => {
      const result = calibrate(await simulate(seed));
      const values = Object.fromEntries(result.entries.map((e) => [e.path.join('.'), e.value]));
      expect(values['pools.city.priority']).toBe(1);
      expect(values['pools.city.min_wait_sec']).toBe(0);
      expect(values['pools.vendor.priority']).toBe(2);
      expect(Math.abs((values['pools.vendor.min_wait_sec'] as number) - 10)).toBeLessThanOrEqual(2);
      expect(result.entries[2]?.comment).toMatch(/inferred from \d+ answered calls' queue waits/);
      expect(result.notes.join('\n')).toMatch(/inferred from the records/);
    });
  }

  it("prefers the server's routing configuration", async () => {
    const routing = { ...DEFAULT_ROUTING, poolGroups: { 'in-house': 'city', outsourced: 'vendor' } };
    const result = calibrate(await simulate(3), new RoutingPart({ server: { routing } }));
    const values = Object.fromEntries(result.entries.map((e) => [e.path.join('.'), e.value]));
    expect(values['pools.vendor.min_wait_sec']).toBe(30);
    expect(result.json.routing).toMatchObject({ source: 'server-config' });
    expect(result.entries[0]?.comment).toMatch(/server's routing configuration/);
  });

  it('fits callback acceptance within 0.05 of the callers who took the offer (flow, 60 s offer)', async () => {
    const records = await simulate(4, 'hotline-12345-direct');
    const known = calibrate(records, new RoutingPart({ server: { callbackOfferAfterSec: 60 } }));
    const fit = (known.json.routing as { callback: { acceptance: number; eligible: number } }).callback;
    expect(fit.eligible).toBeGreaterThan(300);
    expect(Math.abs(fit.acceptance - 0.3)).toBeLessThan(0.05);
    // Without the flow's offer time it is inferred from the bookers: a little late, so acceptance comes out higher.
    const inferred = calibrate(records);
    const guess = (inferred.json.routing as { callback: { offerAfterSec: number; acceptance: number } }).callback;
    expect(guess.offerAfterSec).toBeGreaterThanOrEqual(60);
    expect(guess.offerAfterSec).toBeLessThan(75);
    expect(guess.acceptance).toBeGreaterThanOrEqual(fit.acceptance);
    expect(inferred.notes.join('\n')).toMatch(/offer time \(\d+ s\) is inferred/);
    expect(inferred.entries.at(-1)?.path).toEqual(['callers', 'ivr', 'callback_accept']);
  });

  it("reads the callback offer time from the flow's queue step", async () => {
    expect(flowCallbackOfferSec(await loadFlow('hotline-12345-direct'))).toBe(60);
    expect(flowCallbackOfferSec(await loadFlow('hotline-12345-menu'))).toBe(60);
  });
});
