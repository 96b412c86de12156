import type { ContractSummary, ContractTargetSummary } from '../planning/contract-summary.js';
import type { KpiUnit } from '../planning/compare.js';
import { formatEstimate, formatValue } from './kpi-format.js';

/** How outputs name each contract target. */
export const CONTRACT_TARGET_LABELS: Readonly<Record<ContractTargetSummary['target'], string>> = {
  service_level: 'answered within the target wait / offered',
  abandon_rate: 'abandon rate',
  satisfaction: 'satisfaction',
  aht: 'AHT',
  connection_rate_24h: 'connection rate over 24 h',
};

type TargetBound = Pick<ContractTargetSummary, 'target' | 'min' | 'max'>;

const unitOf = (t: TargetBound): KpiUnit => (t.target === 'aht' ? 'sec' : 'rate');

/** A target's bound as text: `≥ 90.0 %`, `≤ 5.0 %`, `120.0–420.0 s`. */
export function targetBound(t: TargetBound): string {
  const u = unitOf(t);
  if (t.min !== null && t.max !== null) return `${formatValue(t.min, u)}–${formatValue(t.max, u)}`;
  return t.min !== null ? `≥ ${formatValue(t.min, u)}` : `≤ ${formatValue(t.max ?? NaN, u)}`;
}

/** One line per target: label, actual ± CI, the bound, missed in k of n replications, and its penalty per period. */
function targetLine(t: ContractTargetSummary): string {
  return `${CONTRACT_TARGET_LABELS[t.target]} ${formatEstimate(t.actual, unitOf(t))} (target ${targetBound(t)}): missed in ${t.missed} of ${t.judged} replications, penalty ${formatEstimate(t.penalty, 'money')} per period`;
}

/**
 * A scenario's contracts as text: per contract, how the simulated window
 * stands for its period, each target, and price, penalty and payable per period.
 * Empty when the scenario names none.
 */
export function contractText(contracts: readonly ContractSummary[]): string {
  return contracts
    .map((c) =>
      [
        `Contract ${c.name} (${c.file}, pools ${c.pools.join(', ')}; judged on the ${c.judgeOn === 'interval' ? '95 % interval' : 'point estimate'}): ${c.note}.`,
        ...c.targets.map((t) => `    ${targetLine(t)}`),
        `    per ${c.period}: price ${formatEstimate(c.pricePerPeriod, 'money')} ${c.currency}, penalties ${formatEstimate(c.penaltyPerPeriod, 'money')}${c.capped > 0 ? ` (capped in ${c.capped} replications)` : ''}, payable ${formatEstimate(c.payablePerPeriod, 'money')}`,
      ].join('\n'),
    )
    .join('\n');
}

/** The same as contractText, as an HTML section body (escaped with `esc`). */
export function contractHtml(
  scenario: string,
  contracts: readonly ContractSummary[],
  esc: (text: string) => string,
): string {
  return contracts
    .map(
      (c) =>
        `<h3>${esc(scenario)}: contract ${esc(c.name)}</h3><p>${esc(c.note)}.</p><ul>${c.targets
          .map((t) => `<li>${esc(targetLine(t))}</li>`)
          .join(
            '',
          )}</ul><p>Per ${esc(c.period)}: price ${esc(formatEstimate(c.pricePerPeriod, 'money'))} ${esc(c.currency)}, penalties ${esc(formatEstimate(c.penaltyPerPeriod, 'money'))}, payable ${esc(formatEstimate(c.payablePerPeriod, 'money'))}.</p>`,
    )
    .join('\n');
}
