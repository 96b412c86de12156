import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serveSettings } from '../../src/cli/server-config.js';

const dir = mkdtempSync(join(tmpdir(), 'hotline-redial-window-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = { TWILIO_AUTH_TOKEN: 't' };

describe('hotline serve --redial-window-hours', () => {
  it('is one day by default and given in hours', () => {
    expect(serveSettings({}, env, dir).redialWindowSec).toBe(86_400);
    expect(serveSettings({ redialWindowHours: '2' }, env, dir).redialWindowSec).toBe(7200);
    expect(serveSettings({ redialWindowHours: '0.5' }, env, dir).redialWindowSec).toBe(1800);
  });

  it('refuses a negative, too long or non-numeric window with the range', () => {
    for (const bad of ['-1', '721', 'day', ''])
      expect(() => serveSettings({ redialWindowHours: bad }, env, dir), bad).toThrow(
        /--redial-window-hours must be a number from 0 to 720/,
      );
  });
});
