import { HotlineError } from '../errors.js';
import type { AgentPool } from '../record/call-record.js';
import type { Scenario } from '../scenario/scenario-schema.js';
import { WEEKDAYS } from '../scenario/scenario-schema.js';
import { expectedCallsPerDay, hourlyShares } from '../scenario/expected-calls.js';
import { scheduledAgentsAt } from '../scenario/pool-schedule.js';
import { deterministic, gamma, sampler, type Sampler } from '../sim/distributions.js';
import { Rng, streamSeed } from '../sim/rng.js';
import type { AgentGroupModel, SimModel } from '../sim/sim-model.js';
import { compiledFlowOf } from './flow-registry.js';
import { buildFlowModel } from '../sim/ivr-caller-model.js';
import { DEFAULT_SPEECH_RATE } from '../flow/prompt-duration.js';
import { behaviourModels } from './behaviour-models.js';
import { staffBehaviourModels } from './staff-behaviour-model.js';

const DAY_SEC = 86400;

/** Options of one replication's model. */
export interface BuildOptions {
  readonly seed: number;
  readonly replication: number;
  /** Overrides the scenario's horizon.calls. */
  readonly calls?: number;
}

/** Mean arrival rate of the scenario over a week, calls per second (for sizing a calls-only horizon). */
function meanRatePerSec(s: Scenario): number {
  if (s.demand.calls_per_hour !== undefined) return s.demand.calls_per_hour / 3600;
  const factors = WEEKDAYS.map((d) => s.demand.day_of_week_factor?.[d] ?? 1);
  return ((s.demand.calls_per_day ?? 0) * (factors.reduce((a, b) => a + b, 0) / 7)) / DAY_SEC;
}

/**
 * Resolves a validated scenario into the simulator's model for one
 * replication: samplers for every distribution, per-interval arrival rates
 * (day-of-week factors, surges and the replication's day-level noise), and
 * on-phone agents per interval (after shrinkage).
 */
export function buildSimModel(s: Scenario, options: BuildOptions): SimModel {
  const compiled = compiledFlowOf(s);
  if (compiled && s.callers.ivr_sec) {
    throw new HotlineError(
      'HOTLINE_SCENARIO_INVALID',
      `callers.ivr_sec: the scenario runs flow "${s.flow}", whose prompts set the IVR time; remove ivr_sec (it is for flow: none).`,
    );
  }
  if (compiled && s.callers.survey) {
    throw new HotlineError(
      'HOTLINE_SCENARIO_INVALID',
      `callers.survey: the scenario runs flow "${s.flow}", whose survey asks the rating; give the rating keys in callers.ivr.choices.survey instead.`,
    );
  }
  const calls = options.calls ?? s.horizon.calls ?? Infinity;
  const intervalSec = s.interval_minutes * 60;
  const rate = meanRatePerSec(s);
  const horizonSec =
    s.horizon.days !== undefined
      ? s.horizon.days * DAY_SEC
      : Math.ceil(((calls / rate) * 1.2 + 3600) / intervalSec) * intervalSec;
  if (!Number.isFinite(horizonSec))
    throw new HotlineError('HOTLINE_SCENARIO_INVALID', 'horizon: give days, or calls with a positive demand.');
  const intervals = Math.ceil(horizonSec / intervalSec);

  const skills = [...new Set([...s.pools.flatMap((p) => p.skills), ...s.call_types.map((t) => t.skill)])];
  if (compiled) {
    const unserved = compiled.flow.skills.filter((skill) => !s.pools.some((p) => p.skills.includes(skill)));
    if (unserved.length > 0) {
      throw new HotlineError(
        'HOTLINE_SCENARIO_INVALID',
        `pools: flow "${s.flow}" queues callers for ${unserved.join(', ')}, which no pool serves; add ${unserved.length > 1 ? 'them' : 'it'} to a pool's skills.`,
      );
    }
  }
  const callTypes = s.call_types.map((t, i) => {
    const base = sampler(t.handle_sec, `call_types[${i}].handle_sec`);
    const forPool = (pool: AgentPool): Sampler => {
      const spec = t.handle_sec_by_pool?.[pool];
      return spec ? sampler(spec, `call_types[${i}].handle_sec_by_pool.${pool}`) : base;
    };
    const acwBase = t.acw_sec ? sampler(t.acw_sec, `call_types[${i}].acw_sec`) : deterministic(0);
    const acwFor = (pool: AgentPool): Sampler => {
      const spec = t.acw_sec_by_pool?.[pool];
      return spec ? sampler(spec, `call_types[${i}].acw_sec_by_pool.${pool}`) : acwBase;
    };
    const hasAcw = t.acw_sec !== undefined || Object.keys(t.acw_sec_by_pool ?? {}).length > 0;
    return {
      name: t.name,
      share: t.share,
      skill: skills.indexOf(t.skill),
      handle: { 'in-house': forPool('in-house'), outsourced: forPool('outsourced') },
      acw: hasAcw ? { 'in-house': acwFor('in-house'), outsourced: acwFor('outsourced') } : null,
    };
  });

  // Arrival rates: constant, or daily volume × weekday × surge × day noise, spread by the hourly profile.
  let arrivalRatePerSec: number[];
  if (s.demand.calls_per_hour !== undefined) {
    arrivalRatePerSec = [s.demand.calls_per_hour / 3600];
  } else {
    const shares = hourlyShares(s.demand);
    const startDay = WEEKDAYS.indexOf(s.horizon.start_day);
    const days = Math.ceil(horizonSec / DAY_SEC);
    const noiseRng = new Rng(streamSeed(options.seed, 'day-noise', options.replication));
    const noise = s.demand.day_noise_cv > 0 ? gamma(1, s.demand.day_noise_cv) : () => 1;
    const dayVolume = Array.from({ length: days }, (_, d) => {
      const weekday = WEEKDAYS[(startDay + d) % 7]!;
      const surge = s.demand.surges
        .filter((x) => d >= x.start_day && d < x.start_day + x.days)
        .reduce((m, x) => m * x.multiplier, 1);
      return expectedCallsPerDay(s.demand, weekday) * surge * noise(noiseRng);
    });
    arrivalRatePerSec = Array.from({ length: intervals }, (_, k) => {
      const t = k * intervalSec;
      const day = Math.floor(t / DAY_SEC);
      const hour = Math.floor((t % DAY_SEC) / 3600);
      return ((dayVolume[day] ?? 0) * (shares[hour] ?? 0)) / 3600;
    });
  }

  const groups: AgentGroupModel[] = s.pools.map((p) => {
    const onPhone = (scheduled: number) => Math.round(scheduled * (1 - p.shrinkage));
    const agentsByInterval =
      p.agents !== undefined
        ? [onPhone(p.agents)]
        : Array.from({ length: intervals }, (_, k) =>
            onPhone(scheduledAgentsAt(p, k * intervalSec, s.horizon.start_day)),
          );
    return {
      name: p.name,
      pool: p.pool,
      skills: p.skills.map((sk) => skills.indexOf(sk)),
      agentsByInterval,
      minWaitSec: p.min_wait_sec,
      priority: p.priority,
      pollSec: p.poll_sec ?? 0,
    };
  });

  const c = s.callers;
  return {
    skills,
    callTypes,
    groups,
    intervalSec,
    arrivalRatePerSec,
    countFromSec: s.warmup_minutes * 60,
    horizonSec,
    maxCalls: calls,
    ivr: { durationSec: c.ivr_sec ? sampler(c.ivr_sec, 'callers.ivr_sec') : null },
    patience: c.patience_sec ? sampler(c.patience_sec, 'callers.patience_sec') : null,
    redial: c.redial
      ? { probability: c.redial.probability, delaySec: sampler(c.redial.delay_sec, 'callers.redial.delay_sec') }
      : null,
    // Without ratings the loader has made sure behaviour.satisfaction draws them: the weights are then unused.
    survey: c.survey
      ? { participation: c.survey.participation, ratingWeights: c.survey.ratings ?? [1, 1, 1, 1, 1] }
      : null,
    ...behaviourModels(s, groups),
    flowId: compiled?.flow.id ?? s.flow,
    flow: compiled
      ? buildFlowModel(
          compiled,
          {
            choices: c.ivr?.choices ?? {},
            lookups: c.ivr?.lookups ?? {},
            thinkSec: sampler(c.ivr?.think_sec ?? { dist: 'lognormal', mean: 2, cv: 0.5 }, 'callers.ivr.think_sec'),
            callbackAccept: c.ivr?.callback_accept ?? 0.3,
            callbackAnswer: c.ivr?.callback_answer ?? 0.8,
            callbackDelaySec: sampler(
              c.ivr?.callback_delay_sec ?? { dist: 'deterministic', value: 300 },
              'callers.ivr.callback_delay_sec',
            ),
            speechRate: c.ivr
              ? {
                  cmnCharsPerSec: c.ivr.speech_rate.cmn_chars_per_sec,
                  enWordsPerSec: c.ivr.speech_rate.en_words_per_sec,
                }
              : DEFAULT_SPEECH_RATE,
            messageSec: c.ivr?.message_sec ?? 30,
          },
          'callers.ivr',
        )
      : null,
    ...staffBehaviourModels(s),
  };
}
