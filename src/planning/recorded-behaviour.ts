import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { kaplanMeier } from '../analysis/fit-censored.js';
import { HotlineError } from '../errors.js';
import { readRecording, recordingPaths, type Recording } from '../replay/recording-files.js';
import { replayRecording } from '../replay/replay-recording.js';
import { DEFAULT_SPEECH_RATE } from '../flow/prompt-duration.js';
import { loadFlow } from '../scenario/load-flow.js';
import type { FlowReferenceOptions } from '../scenario/flow-reference.js';
import { attachContracts } from '../scenario/scenario-contracts.js';
import { loadScenario, type LoadedScenario } from '../scenario/load-scenario.js';
import { scenarioSchema, type DistributionInput, type Scenario } from '../scenario/scenario-schema.js';

/** Patience longer than every observed wait: callers who would have waited on (they were all answered first). */
const BEYOND_OBSERVED_SEC = 3600;

/**
 * The Kaplan–Meier estimate of patience from queue waits: an abandoned call's
 * wait is its patience (an event); an answered call's wait is a lower bound
 * (censored). Returned as an empirical distribution: the mass of each event
 * time, and the survival left after the last one at `BEYOND_OBSERVED_SEC`.
 * Null when no caller abandoned (patience is then unknown).
 */
export function kaplanMeierPatience(
  waits: readonly { waitSec: number; abandoned: boolean }[],
): DistributionInput | null {
  const km = kaplanMeier(
    waits.filter((w) => w.abandoned).map((w) => w.waitSec),
    waits.filter((w) => !w.abandoned).map((w) => w.waitSec),
  );
  if (km.times.length === 0) return null;
  const values = [...km.times];
  const weights = [...km.masses];
  const survival = km.survival[km.survival.length - 1]!;
  if (survival > 1e-12) {
    values.push(BEYOND_OBSERVED_SEC);
    weights.push(survival);
  }
  return { dist: 'empirical', values, weights };
}

function where(file: string): string {
  return `${file}: recordings`;
}

/**
 * A scenario with caller behaviour taken from recorded calls (the inbound
 * ones in `recordings.dir`), as `recordings.use` says: the hour-of-day
 * profile of their arrivals, patience (Kaplan–Meier over queue waits) and
 * handle times from all of them; the choices made at each gather from those
 * recorded on the scenario's flow, replayed against its current version.
 * These replace the scenario's assumptions. Volume stays the scenario's
 * `demand.calls_per_day`: the recordings are resampled to it.
 */
export async function withRecordedBehaviour(scenario: Scenario, scenarioFile: string, cwd: string): Promise<Scenario> {
  const spec = scenario.recordings;
  if (!spec) return scenario;
  if (scenario.flow === 'none')
    throw new HotlineError(
      'HOTLINE_SCENARIO_INVALID',
      `${where(scenarioFile)}: recordings are replayed against the scenario's flow; set flow: to the flow the callers ran.`,
    );
  const dir = resolve(dirname(resolve(cwd, scenarioFile)), spec.dir);
  if (!existsSync(dir))
    throw new HotlineError(
      'HOTLINE_SCENARIO_INVALID',
      `${where(scenarioFile)}.dir: no folder ${dir}; give the folder of recordings, relative to the scenario file.`,
    );
  const recordings: Recording[] = recordingPaths([dir], cwd)
    .map(readRecording)
    .filter((r) => r.metadata.direction === 'inbound' && r.metadata.audio !== null);
  if (recordings.length === 0)
    throw new HotlineError(
      'HOTLINE_SCENARIO_INVALID',
      `${where(scenarioFile)}.dir: ${dir} holds no inbound recordings with audio.`,
    );
  const use = new Set(spec.use);
  const out = structuredClone(scenario);
  if (use.has('arrivals')) {
    if (out.demand.calls_per_day === undefined)
      throw new HotlineError(
        'HOTLINE_SCENARIO_INVALID',
        `${where(scenarioFile)}.use: arrivals takes the hour-of-day profile from the recordings and needs demand.calls_per_day (the volume to resample to).`,
      );
    const counts = new Array<number>(24).fill(0);
    // The hour as the hotline's clock read it: the local time written in arrivalAt.
    for (const r of recordings) counts[Number(/T(\d\d):/.exec(r.metadata.arrivalAt)![1])]! += 1;
    out.demand.hourly_profile_pct = counts.map((c) => (100 * c) / recordings.length);
  }
  if (use.has('choices')) {
    const flow = await loadFlow(scenario.flow, cwd);
    const choices: Record<string, Record<string, number>> = {};
    // What callers did at another flow's prompts says nothing about this flow's menu.
    const ofFlow = recordings.filter((r) => r.metadata.flowId === flow.id);
    if (ofFlow.length === 0)
      throw new HotlineError(
        'HOTLINE_SCENARIO_INVALID',
        `${where(scenarioFile)}.use: choices needs recordings of flow "${flow.id}"; ${dir} has none (its flows: ${[...new Set(recordings.map((r) => r.metadata.flowId))].join(', ')}).`,
      );
    for (const recording of ofFlow) {
      const { journey } = replayRecording(recording, flow, { speechRate: DEFAULT_SPEECH_RATE });
      for (const step of journey) {
        if (step.kind !== 'gather' || !step.event) continue;
        const e = step.event;
        const choice =
          e.type === 'DIGITS'
            ? e.digits
            : e.type === 'SPEECH'
              ? `say:${e.text}`
              : e.type === 'NO_INPUT'
                ? 'none'
                : e.type === 'HANGUP'
                  ? 'hangup'
                  : null;
        if (choice === null) continue;
        const table = (choices[step.state] ??= {});
        table[choice] = (table[choice] ?? 0) + 1;
      }
    }
    const ivrDefaults = scenarioSchema.shape.callers.unwrap().shape.ivr.unwrap().parse({});
    out.callers.ivr = {
      ...(out.callers.ivr ?? ivrDefaults),
      choices: { ...(out.callers.ivr?.choices ?? {}), ...choices },
    };
  }
  if (use.has('patience')) {
    const waits = recordings.flatMap((r) =>
      r.metadata.queueWaitSec === null
        ? []
        : [{ waitSec: r.metadata.queueWaitSec, abandoned: r.metadata.outcome === 'abandoned' }],
    );
    const patience = kaplanMeierPatience(waits);
    if (patience) out.callers.patience_sec = patience;
    else delete out.callers.patience_sec;
  }
  if (use.has('handle_times')) {
    const handles = recordings.flatMap((r) =>
      r.metadata.outcome === 'answered' && r.metadata.handleSec !== null && r.metadata.handleSec > 0
        ? [r.metadata.handleSec]
        : [],
    );
    if (handles.length === 0)
      throw new HotlineError(
        'HOTLINE_SCENARIO_INVALID',
        `${where(scenarioFile)}.use: handle_times needs answered recordings with a handleSec; ${dir} has none.`,
      );
    // A recording hears the caller's side: its handle time is the talk, and the agent's after-call work is not in it.
    // The recorded times replace the whole handle time (acw_sec goes too), as before acw_sec existed.
    out.call_types = out.call_types.map(
      ({ handle_sec_by_pool: _byPool, acw_sec: _acw, acw_sec_by_pool: _acwByPool, ...type }) => ({
        ...type,
        handle_sec: { dist: 'empirical', values: handles },
      }),
    );
  }
  delete out.recordings;
  return out;
}

/**
 * Loads a scenario (a path, or a name in `scenarios/`) and takes its recorded
 * behaviour and its contracts in: what the planning commands run. `flows`: where its `flow:` id
 * is looked up (`--flows`, `--allow-flow-paths`).
 */
export async function loadRunnableScenario(
  spec: string,
  cwd: string,
  scenariosDir: string,
  flows: FlowReferenceOptions = {},
): Promise<LoadedScenario> {
  return runnableScenario(loadScenario(spec, cwd, scenariosDir, flows), cwd);
}

/**
 * A parsed scenario made runnable: its contracts and its recorded behaviour taken in, relative to `loaded.file`
 * (a scenario edited in the console is run as if it were that file).
 */
export async function runnableScenario(loaded: LoadedScenario, cwd: string): Promise<LoadedScenario> {
  const scenario = attachContracts(loaded.scenario, loaded.file, cwd);
  return { ...loaded, scenario: await withRecordedBehaviour(scenario, loaded.file, cwd) };
}
