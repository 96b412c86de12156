import { describe, expect, it } from 'vitest';
import { AGENT } from '../../helpers/path-driver.js';
import { callParams, post } from '../../helpers/signed-client.js';
import { enqueued, testApp } from '../../helpers/test-app.js';

describe('queue waiting: Twilio edge cases', () => {
  it('counts a caller who hangs up during the agent greeting (bridging-in-process) as abandoned', async () => {
    const a = await testApp();
    const sid = `CA${'a4'.repeat(16)}`;
    const action = await enqueued(a, sid);
    await post(a.app, `/agent/connect?agent=${AGENT.id}`, callParams(sid));
    await post(a.app, action, callParams(sid, { QueueResult: 'bridging-in-process' }));
    expect(await a.store.getRecord(sid)).toMatchObject({ outcome: 'abandoned', answerSec: null, agentId: null });
    await a.app.close();
  });

  it('offers no callback to a caller without an E.164 number', async () => {
    const a = await testApp();
    const sid = `CA${'a5'.repeat(16)}`;
    await enqueued(a, sid, 'anonymous');
    a.clock.advance(29);
    await post(a.app, '/queue/wait', callParams(sid, { From: 'anonymous' }));
    a.clock.advance(61);
    const round = await post(a.app, '/queue/wait', callParams(sid, { From: 'anonymous' }));
    expect(round.verbs.map((v) => v.name)).not.toContain('Gather');
    await a.app.close();
  });

  it('ends a wait round when the overflow is due, and overflows in the next one', async () => {
    const a = await testApp();
    const sid = `CA${'a6'.repeat(16)}`;
    await enqueued(a, sid);
    const pauseSec = (verbs: { name: string; attrs: Record<string, string | undefined> }[]) =>
      Number(verbs.find((v) => v.name === 'Pause')?.attrs.length);
    // Default routing: overflow after 30 s; the round's prompts take some of it, so its pause is shorter than 30 s.
    const first = await post(a.app, '/queue/wait', callParams(sid));
    expect(pauseSec(first.verbs)).toBeGreaterThan(0);
    expect(pauseSec(first.verbs)).toBeLessThan(30);
    a.clock.advance(28);
    const late = await post(a.app, '/queue/wait', callParams(sid));
    expect(pauseSec(late.verbs)).toBe(1);
    a.clock.advance(2);
    const due = await post(a.app, '/queue/wait', callParams(sid));
    expect(due.verbs.map((v) => v.name)).toEqual(['Leave']);
    await a.app.close();
  });
});
