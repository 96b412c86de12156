import type { HourFigure } from '../analysis/staffing-revision.js';
import type { StaffingPlan } from '../planning/staffing-plan.js';
import type { StaffingTotals } from '../planning/staffing-totals.js';
import type { WeeklyStaffingPlan } from '../planning/weekly-staffing-plan.js';
import { WEEKDAYS } from '../scenario/scenario-schema.js';

/** The human report of a plan: assumptions, the hourly table, totals and the week's KPIs. */
export function renderPlan(plan: StaffingPlan): string {
  const t = plan.targets;
  const lines = [
    `${plan.scenario}: staffing for ${pct(t.serviceLevel, 0)} answered within ${t.targetSec} s and at most ${pct(t.maxAbandonRate, 0)} abandoned, in every hour`,
    `  demand: ${plan.day === 'busiest' ? "each hour's busiest day" : `${plan.day} (each hour's busiest ${plan.day} in the horizon)`}; AHT ${plan.ahtSec.toFixed(1)} s; ${plan.patienceSec === null ? 'no abandonment (Erlang C start)' : `mean patience ${plan.patienceSec.toFixed(0)} s (Erlang A start)`}`,
    ...poolLines(plan),
    `  confirmed by simulation: ${plan.replications} replications × ${plan.designDays} ${plan.day === 'busiest' ? 'busiest days' : `${plan.day}s`}, seed ${plan.seed}, ${plan.rounds.length} round${plan.rounds.length === 1 ? '' : 's'}`,
    '',
  ];
  const model = plan.analyticModel === 'erlang-c' ? 'Erlang C' : 'Erlang A';
  const header = ['hour', 'calls/h', model, 'scheduled', 'on-phone', 'SL', '95 % CI', 'abandon', '95 % CI', ''];
  const rows = plan.hours.map((h) => [
    `${String(h.hour).padStart(2, '0')}:00`,
    h.callsPerHour.toFixed(1),
    String(h.analytic.onPhone),
    String(h.scheduled),
    String(h.onPhone),
    pct(h.serviceLevel.mean, 1),
    ci(h.serviceLevel),
    pct(h.abandonRate.mean, 1),
    ci(h.abandonRate),
    h.verdict === 'miss' ? 'SHORT' : '',
  ]);
  lines.push(...table([header, ...rows], [false, true, true, true, true, true, false, true, false, false]));
  lines.push(
    '',
    `  (${model}: on-phone agents of the analytic start; scheduled/on-phone: the confirmed plan, every day${plan.pools.length > 1 ? ', both pools' : ''})`,
    '',
  );
  if (plan.pools.length > 1) {
    for (const p of plan.pools) lines.push(`  ${p.name} agents_by_hour: [${p.agentsByHour.join(', ')}]`);
    lines.push('');
  }
  const totalRows = [
    ['totals', 'agent-h/week', 'FTE', 'cost/year'],
    [`${model} start`, ...totalCells(plan.totals.analytic)],
    ['plan', ...totalCells(plan.totals.plan)],
    ...(plan.pools.length > 1 ? plan.pools.map((p) => [`  ${p.name}`, ...totalCells(p.totals)]) : []),
    [`${model} sized day by day (not simulated)`, ...totalCells(plan.totals.analyticDayByDay)],
  ];
  lines.push(...table(totalRows, [false, true, true, true]), '');
  const week = plan.overall.scenario;
  const withCi = (f: HourFigure) => [pct(f.mean, 1), ci(f)].filter((x) => x !== '').join(' ');
  lines.push(
    `  the scenario's own demand with this plan: SL ${withCi(week.serviceLevel)}, abandon ${withCi(week.abandonRate)}, ASA ${week.asaSec.mean.toFixed(1)} s, occupancy ${pct(week.occupancy.mean, 1)}`,
  );
  if (!plan.meetsTarget) {
    const short = plan.hours.filter((h) => h.verdict === 'miss').map((h) => h.hour);
    lines.push(
      `  NOT CONFIRMED: hours ${short.join(', ')} still miss after ${plan.rounds.length} rounds; raise --max-rounds or --replications.`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function poolLines(plan: StaffingPlan): string[] {
  const scheduled = 'scheduled = ⌈on-phone / (1 − shrinkage)⌉';
  if (plan.pools.length === 1)
    return [`  pool: ${plan.pool.name} (${plan.pool.pool}), shrinkage ${pct(plan.pool.shrinkage, 0)}: ${scheduled}`];
  return plan.pools.map((p) =>
    p.role === 'primary'
      ? `  primary pool: ${p.name} (${p.pool}, priority ${p.priority}), sized for ${pct(p.share, 0)} of the calls, AHT ${p.ahtSec.toFixed(1)} s, shrinkage ${pct(p.shrinkage, 0)}: ${scheduled}`
      : `  overflow pool: ${p.name} (${p.pool}, priority ${p.priority}, after ${p.minWaitSec} s), starting from what the line needs beyond the primary, revised by simulation, AHT ${p.ahtSec.toFixed(1)} s, shrinkage ${pct(p.shrinkage, 0)}`,
  );
}

/** The human report of a week of weekday plans (`--day all`): per weekday and pool, the plan's headcount and checks. */
export function renderWeek(week: WeeklyStaffingPlan): string {
  const first = week.days.Mon;
  const t = first.targets;
  const lines = [
    `${week.scenario}: staffing per weekday for ${pct(t.serviceLevel, 0)} answered within ${t.targetSec} s and at most ${pct(t.maxAbandonRate, 0)} abandoned, in every hour`,
    ...poolLines(first),
    `  each weekday confirmed by simulation: ${first.replications} replications × ${first.designDays} days, seed ${first.seed}`,
    '',
  ];
  for (const pool of week.pools) {
    const header = ['day', ...Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0')), 'agent-h', ''];
    const rows = WEEKDAYS.map((d) => {
      const byHour = pool.agentsByDay[d];
      const plan = week.days[d];
      return [d, ...byHour.map(String), String(byHour.reduce((a, b) => a + b, 0)), plan.meetsTarget ? '' : 'SHORT'];
    });
    lines.push(`  ${pool.name} (${pool.pool}): scheduled agents by hour`);
    lines.push(...table([header, ...rows], [false, ...Array(25).fill(true), false]), '');
  }
  const totalRows = [
    ['totals', 'agent-h/week', 'FTE', 'cost/year'],
    ...week.pools.map((p) => [p.name, ...totalCells(p.totals)]),
    ...(week.pools.length > 1 ? [['all pools', ...totalCells(week.totals.plan)]] : []),
  ];
  lines.push(...table(totalRows, [false, true, true, true]), '');
  const w = week.overall.scenario;
  const withCi = (f: HourFigure) => [pct(f.mean, 1), ci(f)].filter((x) => x !== '').join(' ');
  lines.push(
    `  the scenario's own demand with this roster: SL ${withCi(w.serviceLevel)}, abandon ${withCi(w.abandonRate)}, ASA ${w.asaSec.mean.toFixed(1)} s, occupancy ${pct(w.occupancy.mean, 1)}`,
  );
  if (!week.meetsTarget) {
    const short = WEEKDAYS.filter((d) => !week.days[d].meetsTarget);
    lines.push(`  NOT CONFIRMED: ${short.join(', ')} still miss in some hour; raise --max-rounds or --replications.`);
  }
  return `${lines.join('\n')}\n`;
}

function totalCells(t: StaffingTotals): string[] {
  return [
    Math.round(t.agentHoursPerWeek).toLocaleString('en-US'),
    t.fte.toFixed(1),
    Math.round(t.costPerYear).toLocaleString('en-US'),
  ];
}

function table(rows: readonly (readonly string[])[], right: readonly boolean[]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) =>
    `  ${r.map((cell, c) => (right[c] ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ')}`.trimEnd(),
  );
}

function pct(x: number, digits: number): string {
  return Number.isFinite(x) ? `${(x * 100).toFixed(digits)} %` : '-';
}

/** A rate's CI for reading: the Student-t interval can stray outside 0–100 % with few replications; the JSON keeps it raw. */
function ci(f: HourFigure): string {
  const [low, high] = f.ci;
  const clamp = (x: number) => Math.min(1, Math.max(0, x));
  return Number.isFinite(low) && Number.isFinite(high) && low !== high
    ? `[${pct(clamp(low), 1)}, ${pct(clamp(high), 1)}]`
    : '';
}
