import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSimModel } from '../../src/planning/build-model.js';
import { prepareScenario } from '../../src/planning/flow-registry.js';
import { agentWork, GatherRecogniser, LoadAgent, ScenarioCaller } from '../../src/qa/scenario-caller.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { Rng } from '../../src/sim/rng.js';
import type { GatherHeard, WaitHeard } from '../../src/twilio/emulator/caller-script.js';

const ROOT = resolve(import.meta.dirname, '../..');

const menu = (promptSec: number) => ({ callSid: 'CA1', atSec: 0, place: 'call', promptSec }) as unknown as GatherHeard;
const wait = (atSec: number): WaitHeard => ({ callSid: 'CA1', atSec, target: 'general.in-house' });

describe('LoadAgent', () => {
  it('talks handle − acw, then presses 1 in the after-call menu only once the after-call work is done', () => {
    const agent = new LoadAgent(() => ({ talkSec: 60, acwSec: 30 }), new Rng(1), 'outsourced');
    expect(agent.talkSec()).toBe(60);
    expect(agent.gather(menu(8))).toEqual({ actions: [{ kind: 'key', digit: '1', atSec: 30 }] });
    // No call since: the next menu (or the away menu) gets key 1 at once, as before.
    expect(agent.gather(menu(8)).actions[0]).toMatchObject({ atSec: 1 });
    agent.stop();
    expect(agent.gather(menu(8))).toEqual({ actions: [], hangupAfterSec: 0 });
  });

  it("spends the scenario's handle time of the agent's pool, after-call work capped at it", async () => {
    const { scenario } = loadScenario('test/fixtures/scenarios/live-sim-twin.yaml', ROOT, join(ROOT, 'scenarios'));
    await prepareScenario(scenario, ROOT);
    const work = agentWork(buildSimModel(scenario, { seed: 1, replication: 0, calls: 1 }).callTypes);
    expect(work(new Rng(1), 'in-house')).toEqual({ talkSec: 60, acwSec: 30 });
  });
});

describe('ScenarioCaller', () => {
  it('counts patience from the first queue entry: after an overflow it waits only the rest', async () => {
    const { scenario } = loadScenario('test/fixtures/scenarios/live-sim-twin.yaml', ROOT, join(ROOT, 'scenarios'));
    await prepareScenario(scenario, ROOT);
    const model = buildSimModel(scenario, { seed: 1, replication: 0, calls: 1 });
    const behaviour = { flow: model.flow!, patience: model.patience, work: agentWork(model.callTypes) };
    const caller = new ScenarioCaller(behaviour, new GatherRecogniser(model.flow!.compiled), new Rng(1));
    expect(caller.queuePatienceSec(wait(21))).toBe(55);
    expect(caller.queuePatienceSec(wait(36))).toBe(40);
    expect(caller.queuePatienceSec(wait(100))).toBe(0);
  });
});

describe('ScenarioCaller abandonment (what a replayed caller redials after)', () => {
  it('is abandoned only when it hung up in a queue before an agent took it', async () => {
    const { scenario } = loadScenario('test/fixtures/scenarios/live-sim-twin.yaml', ROOT, join(ROOT, 'scenarios'));
    await prepareScenario(scenario, ROOT);
    const model = buildSimModel(scenario, { seed: 1, replication: 0, calls: 1 });
    const behaviour = { flow: model.flow!, patience: model.patience, work: agentWork(model.callTypes) };
    const recogniser = new GatherRecogniser(model.flow!.compiled);
    const waited = new ScenarioCaller(behaviour, recogniser, new Rng(1));
    expect(waited.abandonedInQueue('caller')).toBe(false); // never reached a queue
    waited.queuePatienceSec(wait(10));
    expect(waited.abandonedInQueue('caller')).toBe(true);
    expect(waited.abandonedInQueue('hangup-verb')).toBe(false);
    const answered = new ScenarioCaller(behaviour, recogniser, new Rng(2));
    answered.queuePatienceSec(wait(10));
    expect(answered.talkSec()).toBe(Number.POSITIVE_INFINITY);
    expect(answered.abandonedInQueue('caller')).toBe(false);
  });
});
