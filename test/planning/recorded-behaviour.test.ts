import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRecording, recordingPaths } from '../../src/replay/recording-files.js';
import {
  kaplanMeierPatience,
  loadRunnableScenario,
  withRecordedBehaviour,
} from '../../src/planning/recorded-behaviour.js';
import { prepareScenario } from '../../src/planning/flow-registry.js';
import { simulate } from '../../src/planning/run-scenario.js';

const ROOT = resolve(import.meta.dirname, '../..');
const SCENARIOS = resolve(ROOT, 'scenarios');

describe('patience from recorded queue waits (Kaplan–Meier)', () => {
  it('treats abandons as events and answered waits as censored', () => {
    const spec = kaplanMeierPatience([
      { waitSec: 2, abandoned: true },
      { waitSec: 3, abandoned: false },
      { waitSec: 5, abandoned: true },
      { waitSec: 5, abandoned: true },
      { waitSec: 8, abandoned: false },
    ]);
    // S(2) = 4/5; S(5) = 4/5 · (1 − 2/3) = 4/15; the rest waits beyond every observed wait.
    expect(spec).toMatchObject({ dist: 'empirical', values: [2, 5, 3600] });
    const weights = (spec as { weights: number[] }).weights;
    expect(weights[0]).toBeCloseTo(0.2, 12);
    expect(weights[1]).toBeCloseTo(8 / 15, 12);
    expect(weights[2]).toBeCloseTo(4 / 15, 12);
  });

  it('knows nothing of patience when nobody abandoned', () => {
    expect(kaplanMeierPatience([{ waitSec: 10, abandoned: false }])).toBeNull();
  });
});

describe('a scenario that takes its callers from recordings', () => {
  const corpus = recordingPaths([resolve(ROOT, 'recordings')], ROOT)
    .map(readRecording)
    .filter((r) => r.metadata.direction === 'inbound');

  it('takes the arrival hours from all recordings, and the choices from those of its flow, replayed against it', async () => {
    const { scenario } = await loadRunnableScenario('midsize-city-menu-recorded', ROOT, SCENARIOS);
    const hours = new Array<number>(24).fill(0);
    for (const r of corpus) hours[Number(r.metadata.arrivalAt.slice(11, 13))]! += 1;
    expect(scenario.demand.hourly_profile_pct).toEqual(hours.map((c) => (100 * c) / corpus.length));
    expect(scenario.demand.calls_per_day).toBe(4500);
    // The replayed choices at the menu are what the menu-flow recordings did there (the corpus replays without divergence).
    const expected: Record<string, number> = {};
    for (const r of corpus.filter((c) => c.metadata.flowId === 'hotline-12345-menu')) {
      for (const step of r.metadata.journey) {
        if (step.state !== 'menu' || !step.event) continue;
        const e = step.event;
        const key =
          e.type === 'DIGITS'
            ? e.digits
            : e.type === 'SPEECH'
              ? `say:${e.text}`
              : e.type === 'NO_INPUT'
                ? 'none'
                : 'hangup';
        expected[key] = (expected[key] ?? 0) + 1;
      }
    }
    expect(scenario.callers.ivr!.choices.menu).toEqual(expected);
    expect(scenario.callers.ivr!.choices.menu!['say:着火了']).toBe(1);
    expect(scenario.recordings).toBeUndefined();
  });

  it('runs in the simulator, the same for the same seed', async () => {
    const { scenario } = await loadRunnableScenario('midsize-city-menu-recorded', ROOT, SCENARIOS);
    const short = { ...scenario, horizon: { ...scenario.horizon, days: 1 }, replications: 1 };
    await prepareScenario(short, ROOT);
    const a = simulate(short, { seed: 3, replications: 1 });
    const b = simulate(short, { seed: 3, replications: 1 });
    expect(JSON.stringify(a.kpis)).toBe(JSON.stringify(b.kpis));
    expect(a.calls).toBeGreaterThan(3000);
  });

  it('says what is missing: recordings need a flow, arrivals need a daily volume', async () => {
    const { scenario } = await loadRunnableScenario('midsize-city-menu', ROOT, SCENARIOS);
    await expect(
      withRecordedBehaviour(
        { ...scenario, flow: 'none', recordings: { dir: '../recordings', use: ['choices'] } },
        resolve(SCENARIOS, 'x.yaml'),
        ROOT,
      ),
    ).rejects.toThrow(/set flow:/);
    const hourly = {
      ...scenario,
      demand: { ...scenario.demand, calls_per_day: undefined, calls_per_hour: 100 },
      recordings: { dir: '../recordings', use: ['arrivals' as const] },
    };
    await expect(withRecordedBehaviour(hourly, resolve(SCENARIOS, 'x.yaml'), ROOT)).rejects.toThrow(
      /needs demand\.calls_per_day/,
    );
  });

  it('names the scenario field when its recordings folder does not exist', async () => {
    const { scenario } = await loadRunnableScenario('midsize-city-menu', ROOT, SCENARIOS);
    const missing = { ...scenario, recordings: { dir: '../no-such-recordings', use: ['choices' as const] } };
    await expect(withRecordedBehaviour(missing, resolve(SCENARIOS, 'x.yaml'), ROOT)).rejects.toMatchObject({
      code: 'HOTLINE_SCENARIO_INVALID',
      message: expect.stringMatching(/x\.yaml: recordings\.dir: no folder .*no-such-recordings/),
    });
  });

  it('replaces the whole handle time with recorded ones (talk as the caller heard it), after-call work included', async () => {
    const { scenario } = await loadRunnableScenario('midsize-city-menu', ROOT, SCENARIOS);
    expect(scenario.call_types[0]!.acw_sec).toBeDefined();
    const recorded = await withRecordedBehaviour(
      { ...scenario, recordings: { dir: '../recordings', use: ['handle_times'] } },
      resolve(SCENARIOS, 'x.yaml'),
      ROOT,
    );
    for (const type of recorded.call_types) {
      expect(type.handle_sec.dist).toBe('empirical');
      expect(type.acw_sec).toBeUndefined();
      expect(type.acw_sec_by_pool).toBeUndefined();
    }
  });
});
