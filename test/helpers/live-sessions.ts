import { newCallRecord, type CallRecord } from '../../src/record/call-record.js';
import type { CallSession } from '../../src/store/call-store.js';

/** The tests' "now": 2027-01-15T08:00Z. */
export const NOW = 1_800_000_000;

/** A live call's session arrived 10 minutes before NOW: in `queue` since `entrySec`, or with agent `agentId`. */
export function session(
  n: number,
  at: { queue?: string; entrySec?: number; agentId?: string; talkEnded?: boolean },
): CallSession {
  const record: CallRecord = {
    ...newCallRecord({
      callSid: `CA${String(n).padStart(32, '0')}`,
      flowId: 'f',
      direction: 'inbound',
      callerHash: null,
      arrivalSec: NOW - 600,
      language: 'cmn-CN',
      lastState: 'queue',
    }),
    queueEntrySec: at.entrySec ?? (at.agentId ? NOW - 300 : null),
    answerSec: at.agentId ? NOW - 200 : null,
    agentId: at.agentId ?? null,
    handleSec: at.talkEnded ? 100 : null,
  };
  return {
    callSid: record.callSid,
    flowId: 'f',
    snapshot: {},
    turn: 1,
    queueName: at.queue ?? null,
    queueSinceSec: at.queue ? (at.entrySec ?? NOW) : null,
    pendingLeave: null,
    heardHold: false,
    marks: [],
    lastTwiml: null,
    journey: [],
    record,
  };
}
