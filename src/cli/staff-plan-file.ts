import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { isMap, isSeq, parseDocument, type Document } from 'yaml';
import { HotlineError } from '../errors.js';
import type { StaffingPlan } from '../planning/staffing-plan.js';
import type { WeeklyStaffingPlan } from '../planning/weekly-staffing-plan.js';
import { parseScenario } from '../scenario/load-scenario.js';

/**
 * The scenario file `scenarioFile` with the plan's headcounts written in, as YAML text (comments kept): each planned
 * pool's `agents_by_hour` (a one-day plan) or `shifts` (a week of weekday plans, `--day all`) replaces the entry's
 * `agents`, `agents_by_hour` or `shifts`; a single-group plan of a one-pool scenario writes that pool. Relative paths
 * (`contracts`, `pools[].contract`, `recordings.dir`) are rebased to `outFile`'s folder. The text is checked by the
 * scenario schema before it is returned.
 *
 * @throws HotlineError HOTLINE_FILE_ACCESS when the scenario cannot be read; HOTLINE_SCENARIO_INVALID if the result
 *   would not load (a bug).
 * @example planScenarioText('scenarios/midsize-city-hybrid.yaml', 'plan.yaml', plan)
 */
export function planScenarioText(
  scenarioFile: string,
  outFile: string,
  plan: StaffingPlan | WeeklyStaffingPlan,
): string {
  let text: string;
  try {
    text = readFileSync(scenarioFile, 'utf8');
  } catch (error) {
    throw new HotlineError(
      'HOTLINE_FILE_ACCESS',
      `cannot read ${scenarioFile} to write the plan into (${(error as NodeJS.ErrnoException).code ?? 'error'}); check the file.`,
    );
  }
  const doc = parseDocument(text);
  const pools = doc.get('pools');
  if (!isSeq(pools)) throw new HotlineError('HOTLINE_SCENARIO_INVALID', `${scenarioFile}: pools is not a list.`);
  for (const planned of plan.pools) {
    const item =
      planned.role === 'only' && pools.items.length === 1
        ? pools.items[0]
        : pools.items.find((p) => isMap(p) && p.get('name') === planned.name);
    if (!isMap(item)) continue;
    for (const key of ['agents', 'agents_by_hour', 'shifts']) item.delete(key);
    if ('agentsByHour' in planned)
      item.set('agents_by_hour', doc.createNode([...planned.agentsByHour], { flow: true }));
    else
      item.set(
        'shifts',
        doc.createNode(
          planned.shifts.map((s) => doc.createNode({ ...s }, { flow: true })),
          { flow: false },
        ),
      );
  }
  rebasePaths(doc, dirname(resolve(scenarioFile)), dirname(resolve(outFile)));
  const how = plan.day === 'all' ? 'each weekday its own plan (shifts)' : `the ${plan.day} day's plan, every day`;
  const note = ` pools' headcount planned by hotline staff (${how}; targets and seed as planned)`;
  doc.commentBefore = doc.commentBefore ? `${note}\n${doc.commentBefore}` : note;
  const out = doc.toString({ lineWidth: 0 });
  parseScenario(out, outFile, { path: resolve(outFile) });
  return out;
}

/** Writes {@link planScenarioText} to `outFile`. @throws HotlineError HOTLINE_FILE_ACCESS when it cannot be written. */
export function writePlanScenario(
  scenarioFile: string,
  outFile: string,
  plan: StaffingPlan | WeeklyStaffingPlan,
): void {
  const text = planScenarioText(scenarioFile, outFile, plan);
  try {
    writeFileSync(outFile, text);
  } catch (error) {
    throw new HotlineError(
      'HOTLINE_FILE_ACCESS',
      `--out ${outFile} cannot be written (${(error as NodeJS.ErrnoException).code ?? 'error'}); check the folder exists and is writable.`,
    );
  }
}

function rebasePaths(doc: Document, fromDir: string, toDir: string): void {
  if (fromDir === toDir) return;
  const rebase = (path: readonly (string | number)[]) => {
    const value = doc.getIn(path);
    if (typeof value === 'string' && !isAbsolute(value)) doc.setIn(path, relative(toDir, resolve(fromDir, value)));
  };
  const contracts = doc.get('contracts');
  if (isSeq(contracts)) for (let i = 0; i < contracts.items.length; i += 1) rebase(['contracts', i]);
  const pools = doc.get('pools');
  if (isSeq(pools)) for (let i = 0; i < pools.items.length; i += 1) rebase(['pools', i, 'contract']);
  rebase(['recordings', 'dir']);
}
