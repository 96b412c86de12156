import type { Kpis } from '../analysis/kpis.js';
import { predictionInterval, sidakLevel, type PredictionMethod } from '../analysis/prediction-interval.js';

/** How a twin KPI is shown: a count, a share 0..1, or seconds. */
export type TwinKpiKind = 'count' | 'rate' | 'sec';

/** One KPI the twin compares: its name (the JSON key), label, kind and how to read it from Kpis. */
export interface TwinKpiDefinition {
  readonly name: string;
  readonly label: (thresholdSec: number) => string;
  readonly kind: TwinKpiKind;
  readonly value: (k: Kpis, thresholdSec: number) => number;
  /** Why the records cannot give it (the actual is NaN). */
  readonly noActual: string;
  /** Why the simulation cannot give it (fewer than 2 replications with a value). */
  readonly noPrediction: string;
}

const FEW = 'fewer than 2 replications give a value';

/**
 * The KPIs `hotline twin` compares, in table order. Service level counts waits from queue entry at the scenario's
 * `targets.answer_within_sec` (15 s by default, GB/T 33358); satisfaction is the strict share (very satisfied +
 * satisfied) of ratings, as `hotline kpis` shows it.
 */
export const TWIN_KPIS: readonly TwinKpiDefinition[] = [
  {
    name: 'offered',
    label: () => 'offered (reached a queue)',
    kind: 'count',
    value: (k) => k.offered,
    noActual: 'no records',
    noPrediction: FEW,
  },
  {
    name: 'answerRate',
    label: () => 'answer rate',
    kind: 'rate',
    value: (k) => k.answerRate,
    noActual: 'no record reached a queue (queueEntrySec)',
    noPrediction: FEW,
  },
  {
    name: 'abandonRate',
    label: () => 'abandonment rate',
    kind: 'rate',
    value: (k) => k.abandonRate,
    noActual: 'no record reached a queue (queueEntrySec)',
    noPrediction: FEW,
  },
  {
    name: 'serviceLevel',
    label: (t) => `service level (${t} s from queue)`,
    kind: 'rate',
    value: (k, t) => k.serviceLevelFromQueue[String(t)] ?? NaN,
    noActual: 'no record reached a queue (queueEntrySec)',
    noPrediction: FEW,
  },
  {
    name: 'asaSec',
    label: () => 'ASA',
    kind: 'sec',
    value: (k) => k.asaSec,
    noActual: 'no answered call in the records',
    noPrediction: FEW,
  },
  {
    name: 'ahtSec',
    label: () => 'AHT',
    kind: 'sec',
    value: (k) => k.ahtSec,
    noActual: 'the records carry no handle time (handleSec)',
    noPrediction: FEW,
  },
  {
    name: 'avgTalkSec',
    label: () => 'average talk',
    kind: 'sec',
    value: (k) => k.avgTalkSec,
    noActual: 'the records carry no talk time (talkSec)',
    noPrediction: FEW,
  },
  {
    name: 'surveyParticipation',
    label: () => 'survey participation',
    kind: 'rate',
    value: (k) => k.surveyParticipation,
    noActual: 'no answered caller was invited to the survey or rated (surveyInvited, rating)',
    noPrediction: 'the scenario simulates no survey (callers.survey or a flow with a survey state)',
  },
  {
    name: 'satisfactionStrict',
    label: () => 'satisfaction (strict)',
    kind: 'rate',
    value: (k) => k.satisfactionStrict,
    noActual: 'the records hold no ratings',
    noPrediction: 'the scenario simulates no ratings',
  },
  {
    name: 'repeatCallRate',
    label: () => 'repeat-call rate',
    kind: 'rate',
    value: (k) => k.repeatCallRate,
    noActual: 'the records carry no caller hashes (callerHash)',
    // Simulated callers carry a pseudo caller hash when they can call again (callers.redial, behaviour.resolution).
    noPrediction:
      'the scenario gives no simulated caller a second call (no callers.redial, no behaviour.resolution.repeat)',
  },
];

/** One KPI's verdict: the records' value beside the replications' mean and prediction interval (at perKpiLevel). */
export interface TwinKpi {
  readonly actual: number;
  readonly predicted: number;
  readonly low: number;
  readonly high: number;
  readonly inside: boolean;
}

/** The verdicts of every KPI both sides give, the reasons of those skipped, and the overall verdict. */
export interface TwinVerdict {
  readonly kpis: Readonly<Record<string, TwinKpi>>;
  /** KPI name → why it is not compared. */
  readonly skipped: Readonly<Record<string, string>>;
  /** True when every compared KPI is inside its interval. */
  readonly inside: boolean;
  /** How the intervals were built (by the number of replications and perKpiLevel: see predictionInterval). */
  readonly method: PredictionMethod;
  /** The family-wise level: the chance that the scenario that made the records passes on every judged KPI. */
  readonly level: number;
  /** Each judged KPI's interval level: Šidák's 1 − (1 − level)^(1/k) for the k KPIs judged. */
  readonly perKpiLevel: number;
}

/** Interval ends clipped to what the KPI can be: a share to [0, 1], a count or a time to ≥ 0. */
function clip(kind: TwinKpiKind, x: number): number {
  return kind === 'rate' ? Math.min(1, Math.max(0, x)) : Math.max(0, x);
}

/** The same figure to rounding (average talk equals AHT when the records carry no after-call work). */
const same = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a));

/** Why a KPI is not judged, or undefined when it is. */
function skipReason(d: TwinKpiDefinition, actual: Kpis, replications: readonly Kpis[], thresholdSec: number) {
  const value = d.value(actual, thresholdSec);
  if (!Number.isFinite(value)) return d.noActual;
  if (replications.filter((k) => Number.isFinite(d.value(k, thresholdSec))).length < 2) return d.noPrediction;
  if (d.name === 'avgTalkSec' && same(value, actual.ahtSec))
    return 'equals AHT in the records (no after-call work): judged once, as AHT';
  return undefined;
}

/**
 * Sets each KPI of the records (`actual`) beside the prediction of the replications (`replications`: one Kpis per
 * replication of the records' period): the mean and the prediction interval (analysis/prediction-interval.ts),
 * inside when low ≤ actual ≤ high (ends included). The verdict is family-wise: with k KPIs judged, each interval is
 * at Šidák's level 1 − (1 − level)^(1/k), so a scenario that made the records passes on all of them with probability
 * `level` (at least, the KPIs being positively related). KPIs the records or the simulation cannot give, and average
 * talk when it equals AHT in the records, are skipped with their reason.
 */
export function judgeTwin(
  actual: Kpis,
  replications: readonly Kpis[],
  thresholdSec: number,
  level = 0.95,
): TwinVerdict {
  const kpis: Record<string, TwinKpi> = {};
  const skipped: Record<string, string> = {};
  const judged = TWIN_KPIS.filter((d) => {
    const why = skipReason(d, actual, replications, thresholdSec);
    if (why !== undefined) skipped[d.name] = why;
    return why === undefined;
  });
  const perKpiLevel = sidakLevel(level, judged.length);
  for (const d of judged) {
    const value = d.value(actual, thresholdSec);
    const interval = predictionInterval(
      replications.map((k) => d.value(k, thresholdSec)),
      perKpiLevel,
    );
    const low = clip(d.kind, interval.low);
    const high = clip(d.kind, interval.high);
    kpis[d.name] = { actual: value, predicted: interval.mean, low, high, inside: value >= low && value <= high };
  }
  // Every replication gives `offered`: its interval's method is the one of every KPI with a value in each replication.
  const method = predictionInterval(
    replications.map((k) => k.offered),
    perKpiLevel,
  ).method;
  return { kpis, skipped, inside: Object.values(kpis).every((k) => k.inside), method, level, perKpiLevel };
}
