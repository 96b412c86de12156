import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planScenarioText, writePlanScenario } from '../../src/cli/staff-plan-file.js';
import { SCENARIOS_DIR } from '../../src/cli/simulate-command.js';
import { isHotlineError } from '../../src/errors.js';
import { planStaffing, type StaffingPlan } from '../../src/planning/staffing-plan.js';
import { loadScenario, parseScenario } from '../../src/scenario/load-scenario.js';

const HYBRID_FILE = join(SCENARIOS_DIR, 'midsize-city-hybrid.yaml');
const hybrid = loadScenario(HYBRID_FILE, process.cwd(), SCENARIOS_DIR).scenario;
const dir = mkdtempSync(join(tmpdir(), 'hotline-staff-plan-'));

describe('planScenarioText', () => {
  let plan: StaffingPlan;
  beforeAll(async () => {
    plan = await planStaffing(hybrid, { seed: 1, replications: 1, maxRounds: 1, designDays: 1 });
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("writes each pool's planned agents_by_hour into the scenario, keeping everything else and its comments", () => {
    const text = planScenarioText(HYBRID_FILE, join(dir, 'plan.yaml'), plan);
    const written = parseScenario(text, 'plan.yaml');
    expect(written.pools.map((p) => p.agents_by_hour)).toEqual(plan.pools.map((p) => [...p.agentsByHour]));
    expect(written.pools.map((p) => [p.name, p.min_wait_sec, p.priority, p.cost])).toEqual(
      hybrid.pools.map((p) => [p.name, p.min_wait_sec, p.priority, p.cost]),
    );
    expect(written.demand).toEqual(hybrid.demand);
    expect(text).toContain('# SRC pattern: Herzog "minimum waiting time"');
    expect(text.split('\n')[0]).toMatch(/^# pools' headcount planned by hotline staff/);
  });

  it('rebases relative contract paths to the written file', () => {
    const source = join(dir, 'in', 'city.yaml');
    mkdirSync(join(dir, 'in', 'contracts'), { recursive: true });
    const original = readFileSync(HYBRID_FILE, 'utf8').replace(
      '    cost: { per_agent_year: 61500 }',
      '    cost: { per_agent_year: 61500 }\n    contract: contracts/vendor.yaml',
    );
    writeFileSync(source, original);
    mkdirSync(join(dir, 'out'));
    const text = planScenarioText(source, join(dir, 'out', 'plan.yaml'), plan);
    expect(text).toContain('contract: ../in/contracts/vendor.yaml');
  });

  it('refuses a scenario it cannot read, naming it', () => {
    try {
      writePlanScenario(join(dir, 'missing.yaml'), join(dir, 'x.yaml'), plan);
      expect.unreachable();
    } catch (error) {
      expect(isHotlineError(error) && error.code).toBe('HOTLINE_FILE_ACCESS');
      expect((error as Error).message).toContain('missing.yaml');
    }
  });
});
