import type { CallRecord } from '../record/call-record.js';
import { RepeatCallers } from './repeat-callers.js';
import { WaitHistogram } from './wait-histogram.js';
import { wilsonInterval, type RateInterval } from './wilson-interval.js';

/** Where a service-level wait starts: queue entry (after the IVR) or arrival (IVR time included). */
export type ServiceLevelStart = 'queue' | 'arrival';

/** How KPIs are counted; the defaults follow hotline-12345.md §5(b). */
export interface KpiOptions {
  /** Service-level thresholds, seconds. Default 15 (GB/T 33358), 20, 30. */
  readonly thresholdsSec: readonly number[];
  /** Abandons sooner than this are "short" and reported apart (default 5 s). */
  readonly shortAbandonSec: number;
  /** Calls arriving before this are warm-up and not counted (stationary runs). */
  readonly warmupSec: number;
  /** Calls arriving at or after this are not counted (Infinity: all). */
  readonly untilSec: number;
  /** Waits up to this are binned at 0.1 s for percentiles; longer ones are kept exactly (default 3600 s). */
  readonly histogramMaxSec: number;
  /**
   * Which count the headline `serviceLevel` is (default 'queue': wait from queue entry, as before). Some lines
   * count the IVR too ("from arrival", hotline-12345.md §5(b)); both are always reported apart.
   */
  readonly serviceLevelFrom: ServiceLevelStart;
  /** Two inbound calls of one caller at most this far apart make a repeat caller (default 7 days). */
  readonly repeatWindowSec: number;
  /**
   * Count unique and repeat callers (default true). They cost a map entry per caller and a lookup per call, the
   * dearest part of a record's counting; a view that never shows them sets false, and then `uniqueCallers`,
   * `repeatCallers` and `repeatCallRate` are NaN and `counts`/`intervals` have no `repeatCallRate`.
   */
  readonly repeatCallers: boolean;
  /**
   * Records are added in arrival order (a store's are; default false: any order). Repeat callers then keep only
   * each caller's latest call, and a record out of order throws.
   */
  readonly sortedByArrival: boolean;
}

/** Width of a wait-histogram bin, seconds. */
export const WAIT_HISTOGRAM_BIN_SEC = 5;
/** Waits of this many seconds or more fall in the histogram's last (overflow) bin. */
export const WAIT_HISTOGRAM_MAX_SEC = 120;

/** Default counting rules. */
export const DEFAULT_KPI_OPTIONS: KpiOptions = {
  thresholdsSec: [15, 20, 30],
  shortAbandonSec: 5,
  warmupSec: 0,
  untilSec: Infinity,
  histogramMaxSec: 3600,
  serviceLevelFrom: 'queue',
  repeatWindowSec: 7 * 86_400,
  repeatCallers: true,
  sortedByArrival: false,
};

/** An exact numerator and denominator of a rate. */
export interface RateCount {
  readonly numerator: number;
  readonly denominator: number;
}

/** KPIs of a set of calls. Rates are 0..1; times seconds; NaN where undefined (e.g. ASA with nothing answered). */
export interface Kpis {
  /** Calls that arrived (first calls and redials). */
  readonly arrivals: number;
  /** Calls that reached an agent queue (after the IVR). */
  readonly offered: number;
  readonly answered: number;
  /** Hung up while waiting in a queue. */
  readonly abandoned: number;
  /** Abandoned within `shortAbandonSec`. */
  readonly shortAbandoned: number;
  readonly answerRate: number;
  readonly abandonRate: number;
  /**
   * Answered within t / offered, per threshold ("15秒接通率" uses t = 15): `serviceLevelFromQueue` by default,
   * `serviceLevelFromArrival` with the option `serviceLevelFrom: 'arrival'`.
   */
  readonly serviceLevel: Readonly<Record<string, number>>;
  /** Answered within t of queue entry / offered, per threshold. */
  readonly serviceLevelFromQueue: Readonly<Record<string, number>>;
  /** Answered within t of arrival (IVR time included) / offered, per threshold. */
  readonly serviceLevelFromArrival: Readonly<Record<string, number>>;
  /** Answered within t / answered. */
  readonly serviceLevelOfAnswered: Readonly<Record<string, number>>;
  /** Answered within t / (offered − short abandons): the industry X/Y service level. */
  readonly serviceLevelIndustry: Readonly<Record<string, number>>;
  /** Mean wait of answered calls. */
  readonly asaSec: number;
  /** Mean wait of all offered calls, answered or abandoned (Erlang A's E[W]). */
  readonly meanWaitAllSec: number;
  /** Waits of answered calls. */
  readonly waitSec: {
    readonly p50: number;
    readonly p90: number;
    readonly p95: number;
    readonly p99: number;
    readonly max: number;
  };
  /**
   * Waits of answered calls counted exactly in 5 s bins: `counts[i]` holds waits
   * in [5i, 5i + 5) s for i = 0..23, and `counts[24]` waits of 120 s or more.
   */
  readonly waitHistogram: { readonly binSec: typeof WAIT_HISTOGRAM_BIN_SEC; readonly counts: readonly number[] };
  /** Mean wait before abandoning. */
  readonly meanTimeToAbandonSec: number;
  /** Mean time in the IVR of calls that left it. */
  readonly ivrSec: number;
  /** Mean handle time (talk + after-call work) of answered calls. */
  readonly ahtSec: number;
  /** Mean talk time of answered calls (answer to end of conversation, no after-call work). */
  readonly avgTalkSec: number;
  /**
   * Live calls closed as `timed-out` (no status callback within Twilio's 4-hour limit). Counted in
   * arrivals and outcomes only: how they ended is unknown, so they are left out of every queue figure.
   */
  readonly timedOut: number;
  /** Calls by outcome. */
  readonly outcomes: Readonly<Record<string, number>>;
  /** Answered calls by pool. */
  readonly answeredByPool: Readonly<Record<string, number>>;
  /** Agent seconds spent on calls, by pool (for occupancy). */
  readonly busySecByPool: Readonly<Record<string, number>>;
  readonly callbacksRequested: number;
  /** Redials among arrivals. */
  readonly redials: number;
  /** Callback calls the hotline placed and the citizen answered (kept out of the inbound figures above). */
  readonly callbackLegs: number;
  /** Of those, reached an agent. */
  readonly callbackLegsAnswered: number;
  /** Answered calls whose caller was asked to rate the call (a rated call counts as asked). */
  readonly surveyInvited: number;
  /** Answered calls rated. */
  readonly ratings: number;
  /** Ratings / callers invited to the survey (`surveyInvited`). */
  readonly surveyParticipation: number;
  /** Unique callers (caller hashes) among inbound calls. */
  readonly uniqueCallers: number;
  /** Callers with two inbound calls or more within `repeatWindowSec`. */
  readonly repeatCallers: number;
  /** repeatCallers / uniqueCallers. */
  readonly repeatCallRate: number;
  /** Inbound calls without a caller hash: left out of the repeat-call figures. */
  readonly callsWithoutCallerHash: number;
  /** (very satisfied + satisfied) / ratings. */
  readonly satisfactionStrict: number;
  /** (very satisfied + satisfied + fairly satisfied) / ratings. */
  readonly satisfactionLenient: number;
  /** Exact numerator and denominator of every rate, keyed by its name (`serviceLevel.15`, `abandonRate`…). */
  readonly counts: Readonly<Record<string, RateCount>>;
  /** Wilson 95 % interval of every rate, keyed as `counts`. */
  readonly intervals: Readonly<Record<string, RateInterval>>;
}

const ratio = (a: number, b: number): number => (b > 0 ? a / b : NaN);

/**
 * Computes KPIs from call records, streaming: add records one by one (the
 * simulator never keeps them all), then read `result()`. The live server's
 * records go through the same code, so live and simulated figures compare.
 */
export class KpiAccumulator {
  private readonly o: KpiOptions;
  private arrivals = 0;
  private offered = 0;
  private answered = 0;
  private abandoned = 0;
  private shortAbandoned = 0;
  private readonly within: number[];
  private readonly withinFromArrival: number[];
  private talkSum = 0;
  private talkCount = 0;
  private invited = 0;
  private noCallerHash = 0;
  /** Null when repeat callers are not counted. */
  private readonly repeat: RepeatCallers | null;
  private waitSum = 0;
  private abandonWaitSum = 0;
  private unresolvedWaitSum = 0;
  private ivrSum = 0;
  private ivrCount = 0;
  private handleSum = 0;
  private handleCount = 0;
  private callbacks = 0;
  private redials = 0;
  private timedOut = 0;
  private callbackLegs = 0;
  private callbackLegsAnswered = 0;
  private ratings = 0;
  private ratingsStrict = 0;
  private ratingsLenient = 0;
  private readonly waits: WaitHistogram;
  private readonly waitBins: number[] = new Array<number>(WAIT_HISTOGRAM_MAX_SEC / WAIT_HISTOGRAM_BIN_SEC + 1).fill(0);
  private readonly outcomes = new Map<string, number>();
  private readonly answeredByPool = new Map<string, number>();
  private readonly busyByPool = new Map<string, number>();

  constructor(options: Partial<KpiOptions> = {}) {
    this.o = { ...DEFAULT_KPI_OPTIONS, ...options };
    this.waits = new WaitHistogram(this.o.histogramMaxSec);
    this.within = this.o.thresholdsSec.map(() => 0);
    this.withinFromArrival = this.o.thresholdsSec.map(() => 0);
    this.repeat = this.o.repeatCallers ? new RepeatCallers(this.o.repeatWindowSec, this.o.sortedByArrival) : null;
  }

  /** Counts one call (ignored if it arrived in the warm-up or after the window). */
  add(r: CallRecord): void {
    if (r.arrivalSec < this.o.warmupSec || r.arrivalSec >= this.o.untilSec) return;
    if (r.direction === 'callback') {
      // The hotline's own outbound calls: not inbound demand, so not in offered, answer or service-level figures.
      this.callbackLegs += 1;
      if (r.answerSec !== null) this.callbackLegsAnswered += 1;
      return;
    }
    this.arrivals += 1;
    if (r.attempt > 1) this.redials += 1;
    if (r.callbackRequested) this.callbacks += 1;
    if (r.callerHash === null) this.noCallerHash += 1;
    else if (this.repeat !== null) this.repeat.add(r.callerHash, r.arrivalSec);
    if (r.outcome !== null) this.outcomes.set(r.outcome, (this.outcomes.get(r.outcome) ?? 0) + 1);
    if (r.outcome === 'timed-out') {
      this.timedOut += 1;
      return;
    }
    if (r.ivrExitSec !== null) {
      this.ivrSum += r.ivrExitSec - r.arrivalSec;
      this.ivrCount += 1;
    }
    if (r.queueEntrySec === null) return;
    this.offered += 1;
    if (r.answerSec !== null) {
      const wait = r.answerSec - r.queueEntrySec;
      this.answered += 1;
      this.waitSum += wait;
      this.waits.add(wait);
      const bin =
        wait >= WAIT_HISTOGRAM_MAX_SEC
          ? this.waitBins.length - 1
          : wait > 0
            ? Math.floor(wait / WAIT_HISTOGRAM_BIN_SEC)
            : 0;
      this.waitBins[bin] = (this.waitBins[bin] as number) + 1;
      const sinceArrival = r.answerSec - r.arrivalSec;
      for (let i = 0; i < this.within.length; i += 1) {
        const t = this.o.thresholdsSec[i] as number;
        if (wait <= t) this.within[i] = (this.within[i] as number) + 1;
        if (sinceArrival <= t) this.withinFromArrival[i] = (this.withinFromArrival[i] as number) + 1;
      }
      if (r.talkSec !== null) {
        this.talkSum += r.talkSec;
        this.talkCount += 1;
      }
      if (r.surveyInvited || r.rating !== null) this.invited += 1;
      if (r.pool !== null) this.answeredByPool.set(r.pool, (this.answeredByPool.get(r.pool) ?? 0) + 1);
      if (r.handleSec !== null) this.countHandle(r, r.handleSec);
      if (r.rating !== null) {
        this.ratings += 1;
        if (r.rating <= 2) this.ratingsStrict += 1;
        if (r.rating <= 3) this.ratingsLenient += 1;
      }
    } else if (r.abandonSec === null && r.endSec !== null) {
      // Left the queue another way (callback booked, queue failed): its wait still counts toward E[W].
      this.unresolvedWaitSum += r.endSec - r.queueEntrySec;
    } else if (r.abandonSec !== null) {
      const wait = r.abandonSec - r.queueEntrySec;
      this.abandoned += 1;
      this.abandonWaitSum += wait;
      if (wait < this.o.shortAbandonSec) this.shortAbandoned += 1;
    }
  }

  /** Every rate's exact numerator and denominator, keyed by name (per-threshold rates as `name.t`). */
  private rateCounts(): Record<string, RateCount> {
    const c: Record<string, RateCount> = {};
    const put = (name: string, numerator: number, denominator: number) => {
      c[name] = { numerator, denominator };
    };
    put('answerRate', this.answered, this.offered);
    put('abandonRate', this.abandoned, this.offered);
    const headline = this.o.serviceLevelFrom === 'arrival' ? this.withinFromArrival : this.within;
    this.o.thresholdsSec.forEach((t, i) => {
      put(`serviceLevel.${t}`, headline[i] as number, this.offered);
      put(`serviceLevelFromQueue.${t}`, this.within[i] as number, this.offered);
      put(`serviceLevelFromArrival.${t}`, this.withinFromArrival[i] as number, this.offered);
      put(`serviceLevelOfAnswered.${t}`, this.within[i] as number, this.answered);
      put(`serviceLevelIndustry.${t}`, this.within[i] as number, this.offered - this.shortAbandoned);
    });
    if (this.repeat !== null) put('repeatCallRate', this.repeat.repeatCallers, this.repeat.callers);
    put('surveyParticipation', this.ratings, this.invited);
    put('satisfactionStrict', this.ratingsStrict, this.ratings);
    put('satisfactionLenient', this.ratingsLenient, this.ratings);
    return c;
  }

  /**
   * Counts the handle time of a call added earlier without one (live, wrap-up ends after the call: see the
   * record's `handleSec`), as `add` would have counted it; false when `r` is not an answered call it counts.
   */
  addLateHandle(r: CallRecord, handleSec: number): boolean {
    if (r.arrivalSec < this.o.warmupSec || r.arrivalSec >= this.o.untilSec) return false;
    if (r.direction === 'callback' || r.outcome === 'timed-out' || r.queueEntrySec === null || r.answerSec === null)
      return false;
    this.countHandle(r, handleSec);
    return true;
  }

  private countHandle(r: CallRecord, handleSec: number): void {
    this.handleSum += handleSec;
    this.handleCount += 1;
    if (r.pool !== null) this.busyByPool.set(r.pool, (this.busyByPool.get(r.pool) ?? 0) + handleSec);
  }

  /** The KPIs of the calls added so far. */
  result(): Kpis {
    const counts = this.rateCounts();
    const rate = (name: string): number => ratio(counts[name]!.numerator, counts[name]!.denominator);
    const byThreshold = (name: string) =>
      Object.fromEntries(this.o.thresholdsSec.map((t) => [String(t), rate(`${name}.${t}`)]));
    const intervals = Object.fromEntries(
      Object.entries(counts).map(([name, n]) => [name, wilsonInterval(n.numerator, n.denominator)]),
    );
    return {
      arrivals: this.arrivals,
      offered: this.offered,
      answered: this.answered,
      abandoned: this.abandoned,
      shortAbandoned: this.shortAbandoned,
      answerRate: rate('answerRate'),
      abandonRate: rate('abandonRate'),
      serviceLevel: byThreshold('serviceLevel'),
      serviceLevelFromQueue: byThreshold('serviceLevelFromQueue'),
      serviceLevelFromArrival: byThreshold('serviceLevelFromArrival'),
      serviceLevelOfAnswered: byThreshold('serviceLevelOfAnswered'),
      serviceLevelIndustry: byThreshold('serviceLevelIndustry'),
      asaSec: ratio(this.waitSum, this.answered),
      meanWaitAllSec: ratio(this.waitSum + this.abandonWaitSum + this.unresolvedWaitSum, this.offered),
      waitSec: {
        p50: this.waits.quantile(0.5),
        p90: this.waits.quantile(0.9),
        p95: this.waits.quantile(0.95),
        p99: this.waits.quantile(0.99),
        max: this.waits.count > 0 ? this.waits.max : NaN,
      },
      waitHistogram: { binSec: WAIT_HISTOGRAM_BIN_SEC, counts: [...this.waitBins] },
      meanTimeToAbandonSec: ratio(this.abandonWaitSum, this.abandoned),
      ivrSec: ratio(this.ivrSum, this.ivrCount),
      ahtSec: ratio(this.handleSum, this.handleCount),
      avgTalkSec: ratio(this.talkSum, this.talkCount),
      timedOut: this.timedOut,
      outcomes: Object.fromEntries([...this.outcomes].sort()),
      answeredByPool: Object.fromEntries([...this.answeredByPool].sort()),
      busySecByPool: Object.fromEntries([...this.busyByPool].sort()),
      callbacksRequested: this.callbacks,
      redials: this.redials,
      callbackLegs: this.callbackLegs,
      callbackLegsAnswered: this.callbackLegsAnswered,
      surveyInvited: this.invited,
      ratings: this.ratings,
      surveyParticipation: rate('surveyParticipation'),
      uniqueCallers: this.repeat?.callers ?? NaN,
      repeatCallers: this.repeat?.repeatCallers ?? NaN,
      repeatCallRate: this.repeat === null ? NaN : rate('repeatCallRate'),
      callsWithoutCallerHash: this.noCallerHash,
      satisfactionStrict: rate('satisfactionStrict'),
      satisfactionLenient: rate('satisfactionLenient'),
      counts,
      intervals,
    };
  }
}
