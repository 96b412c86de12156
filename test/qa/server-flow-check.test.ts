import { describe, expect, it } from 'vitest';
import direct from '../../flows/hotline-12345-direct.js';
import menu from '../../flows/hotline-12345-menu.js';
import { serverFlowMismatch } from '../../src/qa/server-flow-check.js';
import { listenFollowingEmulator } from '../helpers/emulated-server.js';

describe('serverFlowMismatch', () => {
  it("says nothing when the server serves the scenario's flow, and one line naming both when not", async () => {
    const { app, base } = await listenFollowingEmulator(menu, 'flow-check-token');
    try {
      const target = { baseUrl: base, token: null };
      expect(await serverFlowMismatch(target, menu)).toBeNull();
      const other = await serverFlowMismatch(target, direct);
      expect(other).toContain('serves flow "hotline-12345-menu"');
      expect(other).toContain('"hotline-12345-direct"');
      expect(other).not.toContain('\n');
      const edited = { ...menu, skills: [...menu.skills, 'extra'] };
      expect(await serverFlowMismatch(target, edited)).toMatch(
        /differs from the scenario's \(fingerprint [0-9a-f]{16}/,
      );
    } finally {
      await app.close();
    }
  });
});
