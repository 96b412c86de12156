import { fitCallbackOffer, inferRoutes } from '../analysis/fit-routing.js';
import type { FlowDefinition } from '../flow/flow-definition.js';
import { isStepMeta, machineInternals } from '../flow/graph/machine-internals.js';
import type { CallRecord } from '../record/call-record.js';
import { poolGroup, type RoutingConfig } from '../server/services/routing.js';
import type { AgentDutyChange } from '../store/sqlite-agent-duty-log.js';
import type {
  CalibrationContext,
  CalibrationPart,
  CalibrationResult,
  FittedEntry,
  LocalTime,
} from './calibration-part.js';
import { poolEntryNames, recordGroup } from './calibrate-staffing.js';

/** What our own server was configured with, when the records come from it: preferred to any inference. */
export interface ServerRoutingConfig {
  /** The server's routing (`hotline serve`'s --overflow-after and pool groups). */
  readonly routing?: RoutingConfig;
  /** The flow's callback offer: seconds of waiting before it is made (its queue step's `callbackOffer.afterSec`). */
  readonly callbackOfferAfterSec?: number;
}

/**
 * The callback offer time of a flow's queue steps (their `wait.callbackOffer.afterSec`), seconds: the shortest
 * when several queue steps offer one; undefined when none does. Pass it as `callbackOfferAfterSec`.
 */
export function flowCallbackOfferSec(flow: FlowDefinition): number | undefined {
  const offers = machineInternals(flow.machine)
    .states.map((state) => (isStepMeta(state.meta) ? state.meta.step : undefined))
    .flatMap((step) => (step?.kind === 'enqueue' && step.wait.callbackOffer ? [step.wait.callbackOffer.afterSec] : []));
  return offers.length > 0 ? Math.min(...offers) : undefined;
}

/** Options of the routing part. */
export interface RoutingPartOptions {
  readonly server?: ServerRoutingConfig;
  /** The same agent-state log the staffing part takes (its groups are pool entries too). */
  readonly dutyLog?: readonly AgentDutyChange[];
}

/**
 * Routing as the line runs it, written into the staffing part's pool entries (`pools[i].priority`,
 * `pools[i].min_wait_sec`, same order: poolEntryNames) and the callback offer's acceptance
 * (`callers.ivr.callback_accept`): from the server's configuration when given, else inferred from the records
 * (answered waits per group; callers still waiting at the offer time), and said so in the notes.
 */
export class RoutingPart implements CalibrationPart {
  private readonly waits = new Map<string, number[]>();
  private readonly booked: number[] = [];
  private readonly otherQueueSec: number[] = [];
  private readonly options: RoutingPartOptions;

  constructor(options: RoutingPartOptions = {}) {
    this.options = options;
  }

  add(record: CallRecord, _local?: LocalTime): void {
    if (record.queueEntrySec === null) return;
    const group = recordGroup(record);
    if (record.answerSec !== null && group !== null) {
      const waits = this.waits.get(group) ?? [];
      waits.push(Math.max(0, record.answerSec - record.queueEntrySec));
      this.waits.set(group, waits);
    }
    if (record.direction !== 'inbound') return;
    const leftSec = record.answerSec ?? record.abandonSec ?? record.endSec;
    if (leftSec === null) return;
    const queueSec = Math.max(0, leftSec - record.queueEntrySec);
    if (record.callbackRequested || record.outcome === 'callback') this.booked.push(queueSec);
    else this.otherQueueSec.push(queueSec);
  }

  finish(context: CalibrationContext): CalibrationResult {
    const names = poolEntryNames(this.waits.keys(), this.options.dutyLog);
    const period = `${context.source}, ${context.days} days`;
    const entries: FittedEntry[] = [];
    const notes: string[] = [];
    const inferred = inferRoutes([...this.waits].map(([group, waitsSec]) => ({ group, waitsSec })));
    const configured = this.configuredRoutes();
    const byName = new Map<string, { priority: number; minWaitSec: number; source: string }>();
    for (const r of inferred) {
      byName.set(r.group, {
        priority: r.priority,
        minWaitSec: r.minWaitSec,
        source:
          `inferred from ${r.answered} answered calls' queue waits ` +
          `(1st percentile ${r.minWaitSec} s, median ${r.medianWaitSec} s), ${period}`,
      });
    }
    if (configured) for (const [name, route] of configured) byName.set(name, route);
    else if (inferred.length > 1)
      notes.push(
        'routing: pool priority and min_wait_sec are inferred from the records (the group answering with the ' +
          'shortest waits first; an overflow group from the 1st percentile of its answered waits), not read from a ' +
          'configuration.',
      );
    for (const name of names) {
      const route = byName.get(name);
      if (!route) continue;
      entries.push({ path: ['pools', name, 'priority'], value: route.priority, comment: route.source });
      entries.push({ path: ['pools', name, 'min_wait_sec'], value: route.minWaitSec, comment: route.source });
    }
    const callback = this.callbackEntries(period, entries, notes);
    const routes = Object.fromEntries(
      [...byName].map(([name, r]) => [name, { priority: r.priority, minWaitSec: r.minWaitSec }]),
    );
    return {
      json: { routing: { source: configured ? 'server-config' : 'inferred', pools: routes, callback } },
      entries,
      notes,
    };
  }

  /** Priority and overflow wait from the server's routing defaults: the primary pool's group first. */
  private configuredRoutes() {
    const routing = this.options.server?.routing;
    if (!routing) return null;
    const { primaryPool, overflowPool, overflowAfterSec } = routing.defaults;
    const out = new Map<string, { priority: number; minWaitSec: number; source: string }>();
    const source = "the server's routing configuration (defaults)";
    out.set(poolGroup(routing, primaryPool), { priority: 1, minWaitSec: 0, source });
    if (overflowPool !== null && overflowAfterSec !== null)
      out.set(poolGroup(routing, overflowPool), { priority: 2, minWaitSec: overflowAfterSec, source });
    return out;
  }

  private callbackEntries(period: string, entries: FittedEntry[], notes: string[]) {
    const known = this.options.server?.callbackOfferAfterSec;
    const fit = fitCallbackOffer(this.booked, this.otherQueueSec, known);
    if (!fit) {
      notes.push('callbacks: no caller booked a callback in these records; callback_accept not fitted.');
      return null;
    }
    const offer =
      known === undefined
        ? `offer time inferred as ${fit.offerAfterSec} s (1st percentile of the bookers' time in the queue: ` +
          'an upper estimate)'
        : `offer at ${fit.offerAfterSec} s (the flow's configuration)`;
    entries.push({
      path: ['callers', 'ivr', 'callback_accept'],
      value: Number(fit.acceptance.toFixed(4)),
      comment: `${period}: ${fit.accepted} callbacks booked of ${fit.eligible} callers waiting at the offer; ${offer}`,
    });
    if (known === undefined)
      notes.push(
        `callbacks: the offer time (${fit.offerAfterSec} s) is inferred from the records; ` +
          'give the flow to read it from its queue step.',
      );
    const delaySec = this.options.server?.routing?.callbackDelaySec;
    if (delaySec !== undefined)
      entries.push({
        path: ['callers', 'ivr', 'callback_delay_sec'],
        value: { dist: 'deterministic', value: delaySec },
        comment: "the server's routing configuration (callbackDelaySec)",
      });
    notes.push(
      `callbacks: ${delaySec === undefined ? 'callback_delay_sec and callback_answer are' : 'callback_answer is'} ` +
        'not fitted (records do not link a callback leg to its booking).',
    );
    return fit;
  }
}
