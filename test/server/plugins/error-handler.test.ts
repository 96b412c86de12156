import { describe, expect, it } from 'vitest';
import { testApp } from '../../helpers/test-app.js';

describe('frameworkErrorHandler', () => {
  it('answers a path parameter longer than the router takes with 404 HOTLINE_ROUTE_NOT_FOUND, in one short line', async () => {
    const { app } = await testApp();
    const long = 'a'.repeat(300);
    for (const url of [`/admin/calls/CA${long}`, `/admin/agents/${long}`, `/admin/agents/${long}/state-log`]) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(404);
      const { error } = res.json() as { error: { code: string; message: string } };
      expect(error.code).toBe('HOTLINE_ROUTE_NOT_FOUND');
      expect(error.message).toContain('longer than 100 characters');
      expect(error.message).not.toContain('\n');
      expect(error.message.length).toBeLessThan(300);
    }
    await app.close();
  });

  it('still answers a URL it cannot decode with 400 HOTLINE_BAD_URL', async () => {
    const { app } = await testApp();
    const res = await app.inject({ method: 'GET', url: '/admin/agents/%E0%A4%A' });
    expect(res.statusCode).toBe(400);
    expect((res.json() as { error: { code: string } }).error.code).toBe('HOTLINE_BAD_URL');
    await app.close();
  });
});
