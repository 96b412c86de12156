import { resolve } from 'node:path';
import { ContractPeriodsBuilder, type AgentHoursOf, type ContractsReport } from '../analysis/contract-periods.js';
import type { KpiReportOptions } from '../analysis/kpi-report.js';
import { HotlineError } from '../errors.js';
import { loadContract } from '../scenario/load-contract.js';

/** Most agent hours one --agent-hours value may give (ten thousand agents for a quarter, around the clock). */
const MAX_AGENT_HOURS = 1e8;

/**
 * `--agent-hours GROUP@PERIOD=HOURS` values as a lookup: GROUP is a contract's group label (its groups joined by
 * `+`), PERIOD its period label (`2026-03`, `2026-Q1`).
 */
export function agentHoursOption(values: readonly string[]): AgentHoursOf {
  const hours = new Map<string, number>();
  for (const value of values) {
    const match = /^(.+)@(\d{4}-(?:\d{2}|Q[1-4]))=(.+)$/.exec(value.trim());
    const n = match ? Number(match[3]) : NaN;
    if (!match || match[3]!.trim() === '' || !Number.isFinite(n) || n < 0 || n > MAX_AGENT_HOURS)
      throw new HotlineError(
        'HOTLINE_OPTION_INVALID',
        `--agent-hours must be GROUP@PERIOD=HOURS (e.g. vendor-a@2026-03=7200 or vendor-a@2026-Q1=21000, hours 0 to ${MAX_AGENT_HOURS}), got "${value}".`,
      );
    hours.set(`${match[1]}@${match[2]}`, n);
  }
  return (group, period) => hours.get(`${group}@${period}`);
}

/** A builder assessing the --contract files (resolved from `cwd`) with the report's period and counting rules. */
export function contractPeriodsOf(files: readonly string[], cwd: string, options: KpiReportOptions) {
  const contracts = files.map((file) => loadContract(resolve(cwd, file), file));
  return new ContractPeriodsBuilder(contracts, {
    ...(options.timeZone === undefined ? {} : { timeZone: options.timeZone }),
    ...(options.dayStartHour === undefined ? {} : { dayStartHour: options.dayStartHour }),
    kpi: { ...options.kpi },
  });
}

/**
 * Warnings for --agent-hours values that name no assessed group and period (a typo would otherwise leave a price
 * not computable without a word), each naming the labels that were assessed.
 */
export function unusedAgentHours(values: readonly string[], report: ContractsReport): string[] {
  const labels = report.contracts.flatMap((c) => c.periods.map((p) => `${p.group}@${p.period}`));
  return values
    .filter((value) => !labels.includes(value.trim().replace(/=.*$/, '')))
    .map(
      (value) =>
        `hotline: --agent-hours ${value}: no contract period of that group and period was assessed (assessed: ${labels.join(', ') || 'none'})\n`,
    );
}
