import { stringify } from 'csv-stringify/sync';
import type { ContractPeriodReport, ContractsReport } from '../analysis/contract-periods.js';
import type { TargetAssessment } from '../analysis/contract-assessment.js';
import { CONTRACT_TARGET_LABELS, targetBound } from './contract-text.js';
import { formatValue } from './kpi-format.js';

const money = (x: number | null): string => (x === null ? 'not computable' : formatValue(x, 'money'));

/** `85.0 % [78.1–89.6]` for a rate, `312.0 s` for AHT. */
function actualText(t: TargetAssessment): string {
  if (t.target === 'aht') return formatValue(t.actual, 'sec');
  const ci = t.interval === null ? '' : ` [${(t.interval[0] * 100).toFixed(1)}–${(t.interval[1] * 100).toFixed(1)}]`;
  return `${formatValue(t.actual, 'rate')}${ci}`;
}

const verdict = (t: TargetAssessment): string => (t.met === null ? 'not judged' : t.met ? 'met' : 'MISSED');

function periodLines(p: ContractPeriodReport): string[] {
  const hours =
    p.price.agentHours === null
      ? `; agent hours unknown (records do not say): give --agent-hours ${p.group}@${p.period}=HOURS`
      : '';
  return [
    `  ${p.period} ${p.group}: offered ${p.offered}, answered ${p.answered}`,
    ...p.targets.map(
      (t) =>
        `    ${CONTRACT_TARGET_LABELS[t.target]} ${actualText(t)} (target ${targetBound(t)}): ${verdict(t)}, penalty ${money(t.penalty)}`,
    ),
    `    price ${money(p.price.total)}${p.price.total === null ? '' : ` ${p.currency}`}, penalties ${money(p.penalty)}${p.capped ? ' (capped)' : ''}, payable ${money(p.payable)}${hours}`,
  ];
}

/** The contract section of `hotline kpis`'s table: per contract, per period, each target and the money. */
export function contractRecordsText(report: ContractsReport): string {
  const lines = report.contracts.flatMap((c) => [
    `Contract ${c.name} (groups ${c.groups.join(', ')}; per ${c.period}; judged on the ${c.judgeOn === 'interval' ? '95 % interval' : 'point estimate'})`,
    ...(c.periods.length === 0 ? ['  no calls of its groups in the window'] : c.periods.flatMap(periodLines)),
  ]);
  if (report.queuedWithoutGroup > 0)
    lines.push(
      `${report.queuedWithoutGroup} queued call(s) have no agent group: no contract counts them (their records lack agentGroup).`,
    );
  return `${lines.join('\n')}\n`;
}

const cell = (x: number | boolean | null): number | string => (x === null || Number.isNaN(x) ? '' : String(x));

/**
 * The contract rows of `hotline kpis --csv`: one row per contract, period and target, the period's money repeated
 * on each (empty cells: not computable or not judged).
 */
export function contractRecordsCsv(report: ContractsReport): string {
  const header = ['contract', 'group', 'period', 'currency', 'offered', 'answered', 'target', 'actual', 'low', 'high'];
  header.push('min', 'max', 'met', 'shortfall', 'targetPenalty', 'price', 'agentHours', 'penalty', 'capped', 'payable');
  const rows = report.contracts.flatMap((c) =>
    c.periods.flatMap((p) =>
      p.targets.map((t) => [
        c.name,
        p.group,
        p.period,
        p.currency,
        p.offered,
        p.answered,
        t.target,
        cell(t.actual),
        cell(t.interval?.[0] ?? null),
        cell(t.interval?.[1] ?? null),
        cell(t.min),
        cell(t.max),
        cell(t.met),
        t.shortfall,
        t.penalty,
        cell(p.price.total),
        cell(p.agentHoursGiven),
        cell(p.penalty),
        cell(p.capped),
        cell(p.payable),
      ]),
    ),
  );
  return stringify([header, ...rows]);
}
