import { describe, expect, it } from 'vitest';
import type { Contract } from '../../src/analysis/contract-assessment.js';
import { ContractKpis } from '../../src/planning/contract-kpis.js';
import { newCallRecord, type CallRecord } from '../../src/record/call-record.js';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import type { Scenario } from '../../src/scenario/scenario-schema.js';

const contract = { name: 'C', targets: { answer_within_sec: 15 } } as Contract;

function scenario(pools: string): Scenario {
  return parseScenario(
    `name: S
horizon: { calls: 100 }
demand: { calls_per_hour: 60 }
call_types: [{ name: g, share: 1, skill: g, handle_sec: { dist: exponential, mean: 60 } }]
pools: ${pools}
`,
    's.yaml',
  );
}

/** A call that reached the queue at 0 and was answered after `waitSec`, or abandoned when `waitSec` is null. */
function call(group: string | null, pool: CallRecord['pool'], waitSec: number | null): CallRecord {
  const r = newCallRecord({
    callSid: 'x',
    flowId: 'none',
    direction: 'inbound',
    callerHash: null,
    arrivalSec: 0,
    language: null,
    lastState: null,
  } as never);
  return {
    ...r,
    queueEntrySec: 0,
    answerSec: waitSec,
    abandonSec: waitSec === null ? 30 : null,
    agentGroup: group,
    pool,
    outcome: waitSec === null ? 'abandoned' : 'answered',
  } as CallRecord;
}

describe('ContractKpis', () => {
  const two = scenario(
    '[{ name: staff, pool: in-house, skills: [g], agents: 2 }, { name: vendor, pool: outsourced, skills: [g], agents: 2 }]',
  );

  it('counts a call for the contracts covering its agent group, falling back to its pool kind', () => {
    const kpis = new ContractKpis(
      {
        ...two,
        contractTerms: [
          { file: 'v', contract, pools: ['vendor'] },
          { file: 'b', contract, pools: ['staff', 'vendor'] },
        ],
      },
      {},
    );
    expect(kpis.empty).toBe(false);
    kpis.add(call('vendor', 'outsourced', 5));
    kpis.add(call(null, 'outsourced', null));
    kpis.add(call('staff', 'in-house', 20));
    kpis.add(call(null, null, null));
    const [vendor, both] = kpis.result();
    expect(vendor).toMatchObject({ offered: 2, answered: 1, abandoned: 1 });
    expect(both).toMatchObject({ offered: 3, answered: 2, abandoned: 1 });
  });

  it("gives a one-pool scenario's calls without a pool to that pool", () => {
    const one = scenario('[{ name: staff, pool: in-house, skills: [g], agents: 2 }]');
    const kpis = new ContractKpis({ ...one, contractTerms: [{ file: 's', contract, pools: ['staff'] }] }, {});
    kpis.add(call(null, null, null));
    expect(kpis.result()[0]).toMatchObject({ offered: 1, abandoned: 1 });
  });

  it("counts the service level at each contract's own answer_within_sec", () => {
    const ten = { name: 'Ten', targets: { answer_within_sec: 10 } } as Contract;
    const kpis = new ContractKpis({ ...two, contractTerms: [{ file: 't', contract: ten, pools: ['vendor'] }] }, {});
    kpis.add(call('vendor', 'outsourced', 5));
    kpis.add(call('vendor', 'outsourced', 12));
    expect(kpis.result()[0]!.serviceLevel).toMatchObject({ '10': 0.5, '15': 1 });
  });

  it('is empty without contracts', () => {
    expect(new ContractKpis(two, {}).empty).toBe(true);
  });
});
