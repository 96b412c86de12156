import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parsePoolGroups, serveSettings } from '../../src/cli/server-config.js';

const dir = mkdtempSync(join(tmpdir(), 'hotline-server-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ENV = { TWILIO_AUTH_TOKEN: 't' };

describe('serve settings for agent states and groups', () => {
  it('takes the wrap-up limit, 120 s unless given, and refuses one out of range', () => {
    expect(serveSettings({}, ENV, dir).wrapUpLimitSec).toBe(120);
    expect(serveSettings({ wrapUpLimitSec: '45' }, ENV, dir).wrapUpLimitSec).toBe(45);
    expect(() => serveSettings({ wrapUpLimitSec: '-1' }, ENV, dir)).toThrow(/--wrap-up-limit-sec must be/);
    expect(() => serveSettings({ wrapUpLimitSec: 'soon' }, ENV, dir)).toThrow(/HOTLINE_OPTION_INVALID|got "soon"/);
  });

  it('names the group behind each pool, and refuses what is not pool=name', () => {
    expect(serveSettings({}, ENV, dir).poolGroups).toEqual({});
    expect(parsePoolGroups('in-house=City team, outsourced=Contractor A')).toEqual({
      'in-house': 'City team',
      outsourced: 'Contractor A',
    });
    expect(() => parsePoolGroups('vendor=X')).toThrow(/--pool-groups entry "vendor=X"/);
    expect(() => parsePoolGroups('outsourced= ')).toThrow(/--pool-groups/);
  });
});
