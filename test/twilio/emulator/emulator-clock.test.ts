import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { retryingMachine } from '../../helpers/retrying-machine.js';
import type { Clock } from '../../../src/clock.js';
import { RealClock, VirtualClock } from '../../../src/twilio/emulator/emulator-clock.js';

const START = Date.UTC(2026, 10, 25, 2, 0, 0);

const machine = retryingMachine(1);

const done = (actor: { subscribe: (o: { complete: () => void }) => unknown }) =>
  new Promise<void>((resolve) => {
    actor.subscribe({ complete: resolve });
  });

describe('the emulator clocks are Clocks: XState delays run on them', () => {
  it("virtual time: a flow's after-delays fire in emulated time, at no real cost", async () => {
    const clock: Clock = new VirtualClock(START);
    const actor = createActor(machine, { clock }).start();
    await done(actor);
    expect(actor.getSnapshot().context.retries).toBe(1);
    expect(clock.now()).toBe(START + 10_000);
  });

  it('virtual time: clearTimeout cancels a timer before it fires', async () => {
    const clock = new VirtualClock(START);
    const fired: string[] = [];
    const id = clock.setTimeout(() => fired.push('cancelled'), 1000);
    clock.setTimeout(() => fired.push('kept'), 2000);
    clock.clearTimeout(id);
    clock.clearTimeout('not a timer');
    await clock.sleep(3);
    expect(fired).toEqual(['kept']);
    expect(clock.pending).toBe(0);
  });

  it("accelerated real time: timers fire on the machine's timers, `speed` times faster", async () => {
    const clock = new RealClock(START, 10_000, () => performance.now());
    const actor = createActor(machine, { clock }).start();
    await done(actor);
    expect(actor.getSnapshot().value).toBe('hungUp');
    const fired: string[] = [];
    const id = clock.setTimeout(() => fired.push('cancelled'), 1000);
    clock.clearTimeout(id);
    await clock.sleep(2);
    expect(fired).toEqual([]);
  });
});
