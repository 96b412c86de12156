import { describe, expect, it } from 'vitest';
import { AgentRoster } from '../../src/sim/agent-roster.js';

describe('numbered agents of one group', () => {
  it('numbers agents from 1 and reuses the lowest number off duty', () => {
    const roster = new AgentRoster('city-staff');
    expect([roster.comeOnDuty(), roster.comeOnDuty(), roster.comeOnDuty()]).toEqual([1, 2, 3]);
    roster.goOffDuty(3);
    roster.goOffDuty(1);
    expect([roster.comeOnDuty(), roster.comeOnDuty(), roster.comeOnDuty()]).toEqual([1, 3, 4]);
  });

  it('hands out idle agents longest idle first, across the ring buffer growing', () => {
    const roster = new AgentRoster('g');
    for (let n = 1; n <= 40; n += 1) roster.pushIdle(n);
    expect(roster.takeIdle()).toBe(1);
    roster.pushIdle(1);
    const order = Array.from({ length: 40 }, () => roster.takeIdle());
    expect(order).toEqual([...Array.from({ length: 39 }, (_, i) => i + 2), 1]);
    expect(roster.idle).toBe(0);
    expect(roster.takeIdle()).toBe(0);
  });

  it('writes ids as <group>-<n>', () => {
    const roster = new AgentRoster('vendor-overflow');
    expect(roster.id(12)).toBe('vendor-overflow-12');
    expect(roster.id(12)).toBe(roster.id(12));
  });
});
