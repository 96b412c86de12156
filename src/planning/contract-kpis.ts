import { KpiAccumulator, type KpiOptions, type Kpis } from '../analysis/kpis.js';
import type { CallRecord } from '../record/call-record.js';
import type { Scenario } from '../scenario/scenario-schema.js';

/**
 * The KPIs of the calls each of a scenario's contracts covers, one
 * accumulator per `contractTerms` entry. A call belongs to the pool entry
 * named by its `agentGroup`; a record without one (an unanswered call the
 * simulator has not put in a group) falls back to its `pool` when exactly one
 * pool entry has that pool kind, and to the only pool entry of a one-pool scenario.
 */
export class ContractKpis {
  private readonly accumulators: KpiAccumulator[];
  private readonly terms: readonly (readonly string[])[];
  private readonly byKind: ReadonlyMap<string, string>;
  private readonly only: string | undefined;

  constructor(scenario: Scenario, options: Partial<KpiOptions>) {
    const terms = scenario.contractTerms ?? [];
    this.terms = terms.map((t) => t.pools);
    // Each contract's answer_within_sec needs its own service-level threshold counted.
    this.accumulators = terms.map((t) => {
      const thresholds = new Set([...(options.thresholdsSec ?? [15, 20, 30]), t.contract.targets.answer_within_sec]);
      return new KpiAccumulator({ ...options, thresholdsSec: [...thresholds].sort((a, b) => a - b) });
    });
    const kinds = new Map<string, string[]>();
    for (const p of scenario.pools) kinds.set(p.pool, [...(kinds.get(p.pool) ?? []), p.name]);
    this.only = scenario.pools.length === 1 ? scenario.pools[0]!.name : undefined;
    this.byKind = new Map([...kinds].filter(([, names]) => names.length === 1).map(([k, names]) => [k, names[0]!]));
  }

  /** True when the scenario names no contract (nothing to count). */
  get empty(): boolean {
    return this.accumulators.length === 0;
  }

  /** Counts one call toward every contract that covers its group. */
  add(r: CallRecord): void {
    const group = r.agentGroup ?? (r.pool === null ? this.only : this.byKind.get(r.pool));
    if (group === undefined) return;
    this.terms.forEach((pools, i) => {
      if (pools.includes(group)) this.accumulators[i]!.add(r);
    });
  }

  /** The KPIs per contract, in `contractTerms` order. */
  result(): Kpis[] {
    return this.accumulators.map((a) => a.result());
  }
}
