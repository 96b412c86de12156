import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import direct from '../../../flows/hotline-12345-direct.js';
import { loopbackOrigin, softphoneFlows } from '../../../src/console/softphone/softphone-line.js';

describe("the softphone's targets", () => {
  it('accepts servers on this machine, by origin only', () => {
    expect(loopbackOrigin('http://127.0.0.1:3000/voice?x=1')).toBe('http://127.0.0.1:3000');
    expect(loopbackOrigin('http://localhost:8080')).toBe('http://localhost:8080');
    expect(loopbackOrigin('http://[::1]:3000')).toBe('http://[::1]:3000');
    // The URL parser normalises 127.0.0.1 written as one number; the check is on the parsed host.
    expect(loopbackOrigin('http://2130706433:3000')).toBe('http://127.0.0.1:3000');
  });

  it('refuses every other host, scheme, and credentials', () => {
    for (const target of [
      'http://192.168.1.1',
      'http://127.0.0.2:3000',
      'http://localhost.example.com',
      'https://user@localhost',
      'gopher://127.0.0.1',
      'not a url',
    ]) {
      expect(() => loopbackOrigin(target), target).toThrow(/HOTLINE_SOFTPHONE_TARGET_REFUSED|only servers|not a URL/);
    }
  });

  it("offers the live line's flow first, then the flow files of the folder", () => {
    const flows = softphoneFlows(join(import.meta.dirname, '../../../flows'), direct);
    expect(flows[0]).toEqual({ name: 'live', id: 'hotline-12345-direct' });
    expect(flows.map((f) => f.name)).toContain('hotline-12345-menu');
    expect(softphoneFlows('/nonexistent-folder', direct)).toHaveLength(1);
  });
});
