import { describe, expect, it } from 'vitest';
import direct from '../../../flows/hotline-12345-direct.js';
import menu from '../../../flows/hotline-12345-menu.js';
import { flowFingerprint } from '../../../src/server/services/flow-fingerprint.js';

describe('flowFingerprint', () => {
  it('is the same for the same flow, and 16 hex digits', () => {
    expect(flowFingerprint(menu)).toMatch(/^[0-9a-f]{16}$/);
    expect(flowFingerprint({ ...menu })).toBe(flowFingerprint(menu));
    expect(flowFingerprint({ ...menu, title: 'renamed' }), 'a title is not behaviour').toBe(flowFingerprint(menu));
  });

  it('differs between flows, and when a flow changes under the same id', () => {
    expect(flowFingerprint(direct)).not.toBe(flowFingerprint(menu));
    expect(flowFingerprint({ ...menu, skills: [...menu.skills, 'extra'] })).not.toBe(flowFingerprint(menu));
    expect(flowFingerprint({ ...menu, languages: ['cmn-CN'] })).not.toBe(flowFingerprint(menu));
    const initial = { ...menu.machine, config: { ...menu.machine.config, initial: 'menu' } };
    expect(flowFingerprint({ ...menu, machine: initial as typeof menu.machine })).not.toBe(flowFingerprint(menu));
  });

  it('does not depend on how the flow file was compiled (a function is known by its place, not its source)', () => {
    const recompiled = menu.machine.provide({ guards: { found: () => true } });
    expect(flowFingerprint({ ...menu, machine: recompiled })).toBe(flowFingerprint(menu));
  });
});
