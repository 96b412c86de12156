import type { AgentPool, CallRecord } from '../record/call-record.js';
import { WEEKDAYS } from '../scenario/scenario-schema.js';
import type { CalibrationContext, FittedEntry, LocalTime } from './calibration-part.js';
import { callTypeName } from './calibrate-demand.js';
import { hasIn, type ScenarioTree } from './calibrated-scenario.js';

/** Marks a value no part fitted: a stated default. */
export const ASSUMPTION = 'ASSUMPTION: not in the records';

/** Occupancy the naive agent estimate staffs for. */
const NAIVE_OCCUPANCY = 0.85;
/** Handle time assumed for a call type without an answered call, seconds. */
const DEFAULT_HANDLE_SEC = 300;
const DEFAULT_SKILL = 'general';

interface GroupFacts {
  readonly pools: Map<AgentPool, number>;
  readonly skills: Map<string, number>;
  /** Agent seconds of answered calls, by local hour of arrival. */
  readonly busySecByHour: number[];
}

interface Moments {
  n: number;
  sum: number;
  sumSq: number;
}

const bump = <K>(map: Map<K, number>, key: K): void => {
  map.set(key, (map.get(key) ?? 0) + 1);
};
const mostFrequent = <K>(map: Map<K, number> | undefined): K | undefined =>
  map === undefined ? undefined : [...map].sort((a, b) => b[1] - a[1])[0]?.[0];
const round = (x: number, decimals: number): number => Math.round(x * 10 ** decimals) / 10 ** decimals;

/**
 * What the scenario's required fields need when no calibration part fits them: the agent groups seen (their
 * pool kind, skills and busy time per local hour), each call type's skill and answered handle times. The
 * orchestrator feeds it every record and asks it, once the parts' entries are in the tree, for the missing ones.
 */
export class ScenarioFacts {
  private readonly groups = new Map<string, GroupFacts>();
  private readonly typeSkills = new Map<string, Map<string, number>>();
  private readonly skills = new Map<string, number>();
  private readonly handle = new Map<string, Moments>();
  private readonly busySecByHour = Array.from({ length: 24 }, () => 0);

  add(r: CallRecord, local: LocalTime): void {
    const type = callTypeName(r);
    if (r.skill !== null) {
      bump(this.skills, r.skill);
      let bySkill = this.typeSkills.get(type);
      if (bySkill === undefined) this.typeSkills.set(type, (bySkill = new Map()));
      bump(bySkill, r.skill);
    }
    if (r.handleSec !== null) {
      let m = this.handle.get(type);
      if (m === undefined) this.handle.set(type, (m = { n: 0, sum: 0, sumSq: 0 }));
      m.n += 1;
      m.sum += r.handleSec;
      m.sumSq += r.handleSec * r.handleSec;
      this.busySecByHour[local.hour]! += r.handleSec;
    }
    if (r.agentGroup === null) return;
    let g = this.groups.get(r.agentGroup);
    if (g === undefined)
      this.groups.set(
        r.agentGroup,
        (g = { pools: new Map(), skills: new Map(), busySecByHour: Array.from({ length: 24 }, () => 0) }),
      );
    if (r.pool !== null) bump(g.pools, r.pool);
    if (r.skill !== null) bump(g.skills, r.skill);
    if (r.handleSec !== null) g.busySecByHour[local.hour]! += r.handleSec;
  }

  /** Entries for the required fields `tree` lacks, each a stated default (ASSUMPTION where not in the records). */
  defaults(tree: ScenarioTree, c: CalibrationContext, flow: string | undefined): FittedEntry[] {
    const out: FittedEntry[] = [];
    const add = (path: (string | number)[], value: unknown, comment: string): void => {
      if (!hasIn(tree, path)) out.push({ path, value, comment });
    };
    add(['name'], `calibrated-${c.source.replace(/[^\w.-]+/g, '-')}`.slice(0, 80), `records: ${c.source}`);
    add(['flow'], flow ?? 'none', flow === undefined ? `${ASSUMPTION}: callers go straight to the queue` : '--flow');
    add(
      ['horizon'],
      { days: c.days, start_day: WEEKDAYS[c.firstWeekday] },
      `the records' period: ${c.days} local day(s) in ${c.timeZone}`,
    );
    const types = Array.isArray(tree.call_types) ? (tree.call_types as { name?: string }[]) : [];
    const skillOf = new Map<string, string>();
    for (const t of types) {
      const name = t.name ?? '';
      const seen = mostFrequent(this.typeSkills.get(name)) ?? mostFrequent(this.skills);
      skillOf.set(name, seen ?? DEFAULT_SKILL);
      add(
        ['call_types', name, 'skill'],
        seen ?? DEFAULT_SKILL,
        seen === undefined ? `${ASSUMPTION}: no queued call` : 'the most frequent queue (skill) of its calls',
      );
      add(['call_types', name, 'handle_sec'], ...this.naiveHandle(name));
    }
    if (!hasIn(tree, ['pools'])) out.push(...this.naivePools(c, [...new Set(skillOf.values())]));
    return out;
  }

  /** A lognormal with the answered calls' mean and CV (no fit checked), or an assumption without answered calls. */
  private naiveHandle(type: string): [unknown, string] {
    const m = this.handle.get(type);
    if (m === undefined || m.n < 2 || m.sum <= 0)
      return [{ dist: 'lognormal', mean: DEFAULT_HANDLE_SEC, cv: 1 }, `${ASSUMPTION}: no answered call of this type`];
    const mean = m.sum / m.n;
    const cv = Math.sqrt(Math.max(0, m.sumSq / m.n - mean * mean) * (m.n / (m.n - 1))) / mean;
    return [
      { dist: 'lognormal', mean: round(mean, 1), cv: round(Math.max(cv, 0.01), 3) },
      `${ASSUMPTION}: the lognormal shape; its mean and CV are those of N=${m.n.toLocaleString('en-US')} answered calls (no handle-time part plugged; goodness of fit not checked)`,
    ];
  }

  /** One pool per agent group seen (or one `agents` pool), agents per hour from busy time at 85 % occupancy. */
  private naivePools(c: CalibrationContext, typeSkills: readonly string[]): FittedEntry[] {
    const agentsByHour = (busy: readonly number[]): number[] =>
      busy.map((sec) => {
        const load = sec / (c.days * 3600);
        return load > 0 ? Math.max(1, Math.ceil(load / NAIVE_OCCUPANCY)) : 0;
      });
    const comment = `${ASSUMPTION}: agents on duty estimated as answered handle time per local hour / ${NAIVE_OCCUPANCY * 100} % occupancy (naive; no routing part fitted), min_wait_sec and priority defaults`;
    const groups = [...this.groups].sort((a, b) => (a[0] < b[0] ? -1 : 1));
    const pools =
      groups.length === 0
        ? [
            {
              name: 'agents',
              pool: 'in-house',
              skills: [...typeSkills],
              agents_by_hour: agentsByHour(this.busySecByHour),
            },
          ]
        : groups.map(([name, g]) => ({
            name,
            pool: mostFrequent(g.pools) ?? 'in-house',
            skills: [...g.skills.keys()].sort(),
            agents_by_hour: agentsByHour(g.busySecByHour),
          }));
    // Every call type's skill must be served (the loader refuses otherwise): the first pool takes the rest.
    const served = new Set(pools.flatMap((p) => p.skills));
    const missing = typeSkills.filter((s) => !served.has(s));
    const first = pools[0]!;
    first.skills.push(...missing);
    if (first.skills.length === 0) first.skills.push(DEFAULT_SKILL);
    return pools.map((p) => ({ path: ['pools', p.name], value: p, comment }));
  }
}
