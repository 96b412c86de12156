import { describe, expect, it } from 'vitest';
import { appWithAgent } from '../helpers/app-with-agent.js';

describe('admin routes', () => {
  it('validates agent registrations with a clear error', async () => {
    const a = await appWithAgent();
    const bad = await a.app.inject({ method: 'PUT', url: '/admin/agents/77', payload: { name: 'X', skills: [], pool: 'vendor' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('HOTLINE_AGENT_INVALID');
    expect(bad.json().error.message).toMatch(/body\.skills|body\.pool/);
    await a.app.close();
  });
});
