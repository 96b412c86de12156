import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { retryingMachine } from '../helpers/retrying-machine.js';
import type { Clock } from '../../src/clock.js';
import { SimClock } from '../../src/sim/sim-clock.js';

const machine = retryingMachine(2);

describe('SimClock drives XState delays in virtual time', () => {
  it('fires re-armed timers in one jump, deadline after deadline (unlike SimulatedClock.increment)', () => {
    const clock = new SimClock();
    const actor = createActor(machine, { clock: clock satisfies Clock }).start();
    clock.runUntil(4.999);
    expect(actor.getSnapshot().value).toBe('menu');
    clock.runUntil(15);
    expect(actor.getSnapshot().value).toBe('hungUp');
    expect(actor.getSnapshot().context.retries).toBe(2);
    expect(clock.nowSec).toBe(15);
    expect(clock.now()).toBe(15_000);
  });

  it('runs its own callbacks on the same timeline and honours cancellation', () => {
    const clock = new SimClock();
    const seen: string[] = [];
    clock.at(2, () => seen.push('b'));
    const id = clock.at(1, () => seen.push('cancelled'));
    clock.at(1, () => seen.push('a'));
    clock.cancel(id);
    clock.runUntil(10);
    expect(seen).toEqual(['a', 'b']);
  });
});
