import { type CallRecord, newCallRecord } from '../../src/record/call-record.js';

let serial = 0;

/** An inbound record arriving at `arrivalSec` (epoch seconds), with `fields` over the defaults (a call that ended in the IVR). */
export function record(arrivalSec: number, fields: Partial<CallRecord> = {}): CallRecord {
  serial += 1;
  return {
    ...newCallRecord({
      callSid: `CA${String(serial).padStart(8, '0')}`,
      flowId: 'hotline-12345-direct',
      direction: 'inbound',
      callerHash: null,
      arrivalSec,
      language: 'zh',
      lastState: 'menu',
    }),
    outcome: 'ended-in-ivr',
    endSec: arrivalSec + 30,
    ...fields,
  };
}

/**
 * A call that waited in a queue: `ivrSec` in the IVR, then `waitSec` in the queue, answered (with `talkSec`
 * talk and `handleSec` handle time) or abandoned.
 */
export function queued(
  arrivalSec: number,
  o: { ivrSec: number; waitSec: number; answered: boolean; talkSec?: number; handleSec?: number },
  fields: Partial<CallRecord> = {},
): CallRecord {
  const queueEntrySec = arrivalSec + o.ivrSec;
  const leftSec = queueEntrySec + o.waitSec;
  return record(arrivalSec, {
    ivrExitSec: queueEntrySec,
    queueEntrySec,
    skill: 'general',
    pool: 'in-house',
    agentGroup: 'city',
    ...(o.answered
      ? {
          answerSec: leftSec,
          endSec: leftSec + (o.talkSec ?? 100),
          talkSec: o.talkSec ?? 100,
          handleSec: o.handleSec ?? (o.talkSec ?? 100) + 20,
          agentId: 'city-1',
          outcome: 'answered' as const,
        }
      : { abandonSec: leftSec, endSec: leftSec, outcome: 'abandoned' as const }),
    ...fields,
  });
}
