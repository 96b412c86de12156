import { describe, expect, it } from 'vitest';
import { callerCard, ivrPath } from '../../../src/console/agent/caller-card.js';
import { newCallRecord } from '../../../src/record/call-record.js';
import type { JourneyStep } from '../../../src/record/recording-metadata.js';
import { MemoryCallStore } from '../../../src/store/memory-call-store.js';

const step = (state: string, kind: JourneyStep['kind'], event: JourneyStep['event'] = null): JourneyStep => ({
  state,
  kind,
  atSec: 0,
  endSec: null,
  event,
});

describe('the caller card', () => {
  it('shows the IVR path up to the queue, with menu keys but never a keyed number or speech', () => {
    const journey = [
      step('welcome', 'announce'),
      step('menu', 'gather', { type: 'DIGITS', digits: '2' }),
      step('caseNumber', 'gather', { type: 'DIGITS', digits: '202611240001' }),
      step('describe', 'gather', { type: 'SPEECH', text: 'my id is 370102199001011234', confidence: 0.9 }),
      step('queue', 'enqueue'),
      step('survey', 'gather', { type: 'DIGITS', digits: '1' }),
    ];
    expect(ivrPath(journey)).toEqual([
      { state: 'welcome', kind: 'announce' },
      { state: 'menu', kind: 'gather', key: '2' },
      { state: 'caseNumber', kind: 'gather' },
      { state: 'describe', kind: 'gather' },
      { state: 'queue', kind: 'enqueue' },
    ]);
  });

  it('counts the same caller hash’s inbound calls of the last 7 days, and names a pending callback', async () => {
    const store = new MemoryCallStore();
    const day = 86_400;
    const now = 100 * day;
    const call = (callSid: string, arrivalSec: number, direction: 'inbound' | 'callback' = 'inbound') =>
      newCallRecord({
        callSid,
        flowId: 'f',
        direction,
        callerHash: 'h1',
        arrivalSec,
        language: 'cmn-CN',
        lastState: 'x',
      });
    await store.putRecord(call('CA-old', now - 8 * day));
    await store.putRecord(call('CA-recent', now - 2 * day));
    await store.putRecord(call('CA-leg', now - day, 'callback'));
    await store.putRecord({ ...call('CA-now', now), queueEntrySec: now + 20, answerSec: now + 65 });
    await store.putCallback({
      id: 'cb',
      callSid: 'CA-recent',
      skill: 'general',
      number: '+8613800138000',
      status: 'pending',
      createdSec: now - 2 * day,
      dueSec: now + 600,
      attempts: 0,
      placedCallSid: null,
      lastError: null,
    });
    const card = await callerCard(store, 'CA-now');
    expect(card).toMatchObject({
      waitSec: 45,
      calledBefore: { calls: 1, windowDays: 7, known: true },
      callback: { leg: false, pendingDueSec: now + 600 },
    });
    expect(JSON.stringify(card)).not.toContain('h1');
    expect(JSON.stringify(card)).not.toContain('13800138000');
    expect(await callerCard(store, 'CA-none')).toBeUndefined();
  });
});
