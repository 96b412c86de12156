import { describe, expect, it } from 'vitest';
import { KpiAccumulator } from '../../src/analysis/kpis.js';
import type { CallRecord } from '../../src/record/call-record.js';

function call(queueEntrySec: number | null, answerSec: number | null, abandonSec: number | null = null): CallRecord {
  return {
    callSid: 'CA1',
    flowId: 'none',
    direction: 'inbound',
    callerHash: null,
    arrivalSec: 0,
    ivrExitSec: queueEntrySec,
    queueEntrySec,
    answerSec,
    abandonSec,
    endSec: null,
    handleSec: 100,
    talkSec: 80,
    callType: 'g',
    attempt: 1,
    skill: 'g',
    pool: 'in-house',
    agentGroup: 'city',
    agentId: null,
    outcome: answerSec !== null ? 'answered' : 'abandoned',
    rating: null,
    surveyInvited: false,
    language: 'zh',
    callbackRequested: false,
    transferTo: null,
    resolved: null,
    lastState: 'queue',
  };
}

describe('KpiAccumulator wait histogram', () => {
  it('counts answered waits in 5 s bins up to 120 s, with bin edges exact and an overflow bin', () => {
    const acc = new KpiAccumulator();
    for (const waitSec of [0, 0, 4.999, 5, 9.99, 12, 119.999, 120, 600]) acc.add(call(10, 10 + waitSec));
    const h = acc.result().waitHistogram;
    expect(h.binSec).toBe(5);
    expect(h.counts).toHaveLength(25);
    const expected = new Array<number>(25).fill(0);
    Object.assign(expected, { 0: 3, 1: 2, 2: 1, 23: 1, 24: 2 });
    expect(h.counts).toEqual(expected);
  });

  it('leaves out abandoned and never-queued calls, so the counts add up to the answered calls', () => {
    const acc = new KpiAccumulator();
    acc.add(call(0, 7));
    acc.add(call(0, null, 30));
    acc.add(call(null, null));
    const k = acc.result();
    expect(k.waitHistogram.counts.reduce((a, b) => a + b, 0)).toBe(k.answered);
    expect(k.waitHistogram.counts[1]).toBe(1);
  });
});

describe('KpiAccumulator inbound figures', () => {
  it('keeps callback legs out of the inbound figures', () => {
    const acc = new KpiAccumulator();
    const base = {
      callSid: '',
      flowId: 'f',
      callerHash: null,
      arrivalSec: 10,
      ivrExitSec: 12,
      queueEntrySec: 12,
      answerSec: 20,
      abandonSec: null,
      endSec: 100,
      handleSec: 80,
      talkSec: 80,
      callType: null,
      attempt: 1,
      skill: 'g',
      pool: 'in-house' as const,
      agentGroup: 'city',
      agentId: 'a',
      outcome: 'answered' as const,
      rating: null,
      surveyInvited: false,
      language: 'cmn-CN',
      callbackRequested: false,
      transferTo: null,
      lastState: 'rated',
      resolved: null,
    };
    acc.add({ ...base, direction: 'inbound' });
    acc.add({ ...base, direction: 'callback' });
    const k = acc.result();
    expect(k.offered).toBe(1);
    expect(k.callbackLegs).toBe(1);
    expect(k.callbackLegsAnswered).toBe(1);
  });
});

describe('KpiAccumulator repeat callers', () => {
  const calls = [0, 3600, 10 * 86_400].map((arrivalSec) => ({ ...call(10, 20), callerHash: 'c1', arrivalSec }));

  it('leaves repeat callers uncounted when told, every other figure the same', () => {
    const counted = new KpiAccumulator();
    const skipped = new KpiAccumulator({ repeatCallers: false });
    for (const r of calls) {
      counted.add(r);
      skipped.add(r);
    }
    const { uniqueCallers, repeatCallers, repeatCallRate, counts, intervals, ...rest } = skipped.result();
    const full = counted.result();
    expect([full.uniqueCallers, full.repeatCallers]).toEqual([1, 1]);
    expect([uniqueCallers, repeatCallers, repeatCallRate]).toEqual([NaN, NaN, NaN]);
    expect(counts.repeatCallRate).toBeUndefined();
    expect(intervals.repeatCallRate).toBeUndefined();
    const { counts: c, intervals: i, ...fullRest } = full;
    expect(rest).toEqual(
      Object.fromEntries(Object.entries(fullRest).filter(([k]) => !k.includes('allers') && k !== 'repeatCallRate')),
    );
    expect({ ...counts, repeatCallRate: c.repeatCallRate }).toEqual(c);
    expect({ ...intervals, repeatCallRate: i.repeatCallRate }).toEqual(i);
  });

  it('counts the same repeat callers from records in arrival order', () => {
    const sorted = new KpiAccumulator({ sortedByArrival: true });
    for (const r of calls) sorted.add(r);
    expect([sorted.result().uniqueCallers, sorted.result().repeatCallers]).toEqual([1, 1]);
  });
});

describe('KpiAccumulator.addLateHandle', () => {
  it("counts a handle time written after the call's record, as if the record had carried it", () => {
    const answered = { ...call(10, 20), handleSec: null };
    const late = new KpiAccumulator();
    late.add(answered);
    late.add(call(10, null, 40));
    expect(late.result().ahtSec).toBeNaN();
    expect(late.addLateHandle(answered, 150)).toBe(true);
    const direct = new KpiAccumulator();
    direct.add({ ...answered, handleSec: 150 });
    direct.add(call(10, null, 40));
    expect(late.result().ahtSec).toBe(150);
    expect(late.result().busySecByPool).toEqual(direct.result().busySecByPool);
    expect(late.result()).toEqual(direct.result());
  });

  it('refuses calls it does not count as answered (abandoned, callback legs)', () => {
    const acc = new KpiAccumulator();
    expect(acc.addLateHandle(call(10, null, 40), 100)).toBe(false);
    expect(acc.addLateHandle({ ...call(10, 20), direction: 'callback' }, 100)).toBe(false);
    expect(acc.result().ahtSec).toBeNaN();
  });
});
