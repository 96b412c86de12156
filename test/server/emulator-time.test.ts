import Fastify from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serveSettings } from '../../src/cli/server-config.js';
import type { Clock } from '../../src/clock.js';
import { EmulatorTime } from '../../src/server/emulator-time.js';
import { EMULATOR_TIME_HEADER, FOLLOWS_EMULATOR_HEADER } from '../../src/twilio/emulator-headers.js';

const dir = mkdtempSync(join(tmpdir(), 'hotline-emulator-time-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the server following the emulator clock', () => {
  it('reads its base clock until a webhook brings the emulated time, then follows it and says so', async () => {
    const time = new EmulatorTime(() => 1000);
    const app = Fastify();
    time.install(app);
    app.get('/now', async () => ({ now: time.now() }));
    expect(time.now()).toBe(1000);
    const res = await app.inject({ method: 'GET', url: '/now', headers: { [EMULATOR_TIME_HEADER]: '1795000000000' } });
    expect(res.json()).toEqual({ now: 1795000000000 });
    expect(res.headers[FOLLOWS_EMULATOR_HEADER]).toBe('emulator');
    const junk = await app.inject({ method: 'GET', url: '/now', headers: { [EMULATOR_TIME_HEADER]: 'yesterday' } });
    expect(junk.json()).toEqual({ now: 1795000000000 });
    await app.close();
  });

  it("is a Clock whose timers run in the emulator's time: they fire, earliest first, when a webhook brings their deadline", async () => {
    const time: Clock = new EmulatorTime(() => 1000);
    const app = Fastify();
    (time as EmulatorTime).install(app);
    app.get('/now', async () => ({ now: time.now() }));
    const fired: string[] = [];
    time.setTimeout(() => fired.push('late'), 60_000);
    time.setTimeout(() => fired.push('early'), 30_000);
    time.clearTimeout(time.setTimeout(() => fired.push('cancelled'), 10_000));
    await app.inject({ method: 'GET', url: '/now', headers: { [EMULATOR_TIME_HEADER]: '31000' } });
    expect(fired).toEqual(['early']);
    await app.inject({ method: 'GET', url: '/now', headers: { [EMULATOR_TIME_HEADER]: '100000' } });
    expect(fired).toEqual(['early', 'late']);
    await app.close();
  });

  it('is refused on a server with a public PUBLIC_URL (any caller could move its clock)', () => {
    expect(() =>
      serveSettings(
        { emulatorClock: true },
        { PUBLIC_URL: 'https://hotline.example.cn', TWILIO_AUTH_TOKEN: 't', HOTLINE_ADMIN_TOKEN: 'a' },
        dir,
      ),
    ).toThrow(/--emulator-clock .* local tests only/);
    expect(serveSettings({ emulatorClock: true }, { TWILIO_AUTH_TOKEN: 't' }, dir).emulatorClock).toBe(true);
    expect(serveSettings({}, { TWILIO_AUTH_TOKEN: 't', HOTLINE_EMULATOR_CLOCK: '1' }, dir).emulatorClock).toBe(true);
  });

  it('is refused on a server listening beyond loopback, even without PUBLIC_URL (unsigned requests move the clock)', () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.20', 'hotline.example.cn']) {
      expect(() => serveSettings({ emulatorClock: true, host }, { TWILIO_AUTH_TOKEN: 't' }, dir), host).toThrow(
        /--emulator-clock .* --host is/,
      );
      expect(() => serveSettings({ host }, { TWILIO_AUTH_TOKEN: 't', HOTLINE_EMULATOR_CLOCK: '1' }, dir), host).toThrow(
        /local tests only/,
      );
    }
    for (const host of ['127.0.0.1', '127.0.0.2', '::1', 'localhost'])
      expect(serveSettings({ emulatorClock: true, host }, { TWILIO_AUTH_TOKEN: 't' }, dir).emulatorClock).toBe(true);
  });
});
