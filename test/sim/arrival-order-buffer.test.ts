import { describe, expect, it } from 'vitest';
import { newCallRecord, type CallRecord } from '../../src/record/call-record.js';
import { ArrivalOrderBuffer, ArrivalOrderOverflow } from '../../src/sim/arrival-order-buffer.js';
import type { MutableCallRecord } from '../../src/sim/sim-state.js';

const reused = newCallRecord({
  callSid: '',
  flowId: 'none',
  direction: 'inbound',
  callerHash: null,
  arrivalSec: 0,
  language: 'cmn-CN',
  lastState: '',
}) as MutableCallRecord;

/** Feeds (sid, arrival) pairs through one reused object, as the simulator does, with a watermark per call. */
function feed(buffer: ArrivalOrderBuffer, calls: readonly [string, number, number][]): void {
  for (const [sid, arrivalSec, watermarkSec] of calls) {
    reused.callSid = sid;
    reused.arrivalSec = arrivalSec;
    buffer.add(reused, { watermarkSec: () => watermarkSec });
  }
}

describe('ArrivalOrderBuffer', () => {
  it('releases copies by arrival, ties in emission order, only once the watermark has passed them', () => {
    const batches: string[][] = [];
    const buffer = new ArrivalOrderBuffer((records) => batches.push(records.map((r) => r.callSid)), 100, 2);
    feed(buffer, [
      ['c', 30, 10],
      ['a', 10, 10], // check: nothing arrives before 10 any more, but a call of 10 may still be open
      ['b', 20, 25],
      ['d', 10, 25], // check: 10, 10 and 20 go; 30 waits
    ]);
    expect(batches).toEqual([['a', 'd', 'b']]);
    feed(buffer, [['e', 26, 26]]);
    buffer.flush();
    expect(batches).toEqual([
      ['a', 'd', 'b'],
      ['e', 'c'],
    ]);
  });

  it('keeps what it was given although the simulator reuses the object', () => {
    const kept: CallRecord[] = [];
    const buffer = new ArrivalOrderBuffer((records) => kept.push(...records));
    feed(buffer, [
      ['x', 5, 0],
      ['y', 3, 0],
    ]);
    buffer.flush();
    expect(kept.map((r) => [r.callSid, r.arrivalSec])).toEqual([
      ['y', 3],
      ['x', 5],
    ]);
  });

  it('refuses past maxHeld records behind an open call, naming its arrival', () => {
    const buffer = new ArrivalOrderBuffer(() => undefined, 5, 2);
    const calls = Array.from({ length: 10 }, (_, i): [string, number, number] => [`s${i}`, 100 + i, 42]);
    expect(() => feed(buffer, calls)).toThrow(ArrivalOrderOverflow);
    try {
      feed(new ArrivalOrderBuffer(() => undefined, 5, 2), calls);
    } catch (error) {
      expect(error).toMatchObject({ held: 6, watermarkSec: 42 });
    }
  });
});
