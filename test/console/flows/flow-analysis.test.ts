import { describe, expect, it } from 'vitest';
import direct from '../../../flows/hotline-12345-direct.js';
import { FlowAnalyses } from '../../../src/console/flows/flow-analysis.js';
import { flowViewCoverage } from '../../../src/console/flows/flow-view-coverage.js';
import type { FlowDefinition } from '../../../src/flow/flow-definition.js';

const FLOWS = new URL('../../../flows/', import.meta.url).pathname;

describe("the flow view's computations per flow", () => {
  it('builds the state graph and the traffic legs once per flow', () => {
    const analyses = new FlowAnalyses();
    expect(analyses.graph(direct)).toBe(analyses.graph(direct));
    expect(analyses.legsForTraffic(direct)).toBe(analyses.legsForTraffic(direct));
    expect(analyses.graph(direct).starts).toEqual({ inbound: 'welcome', callback: 'callbackIntro' });
  });

  it('computes coverage once, on a worker from the flow file or here without one, with the same result', async () => {
    const expected = JSON.parse(JSON.stringify(flowViewCoverage(direct)));
    const onWorker = new FlowAnalyses();
    const first = onWorker.coverage(direct, `${FLOWS}hotline-12345-direct.ts`);
    expect(onWorker.coverage(direct, `${FLOWS}hotline-12345-direct.ts`)).toBe(first);
    expect(await first).toEqual(expected);
    expect(JSON.parse(JSON.stringify(await new FlowAnalyses().coverage(direct, undefined)))).toEqual(expected);
    await onWorker.close();
  }, 60_000);

  it('does not keep a failed coverage: the next request tries again', async () => {
    const analyses = new FlowAnalyses();
    const broken = { ...direct, id: 'broken' } as FlowDefinition;
    const failed = analyses.coverage(broken, `${FLOWS}no-such-flow.ts`);
    await expect(failed).rejects.toMatchObject({ code: 'HOTLINE_FLOW_INVALID' });
    expect(analyses.coverage(broken, `${FLOWS}no-such-flow.ts`)).not.toBe(failed);
    await analyses.coverage(broken, `${FLOWS}no-such-flow.ts`).catch(() => undefined);
    await analyses.close();
  }, 60_000);
});
