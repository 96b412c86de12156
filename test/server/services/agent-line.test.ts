import { describe, expect, it } from 'vitest';
import { AGENT } from '../../helpers/path-driver.js';
import { callParams, post, spoken } from '../../helpers/signed-client.js';
import { testApp } from '../../helpers/test-app.js';

describe('agent line login', () => {
  it('refuses a keyed-in agent number without a PIN, and accepts number + PIN', async () => {
    const a = await testApp();
    const line = `CA${'b1'.repeat(16)}`;
    const put = await a.app.inject({
      method: 'PUT',
      url: '/admin/agents/8020',
      payload: { name: 'B', skills: ['general'], pool: 'outsourced', pin: '4711' },
    });
    expect(put.json().agent).toMatchObject({ id: '8020', hasPin: true });
    expect(put.body).not.toContain('pinHash');
    // 8013 has no PIN: keyed-in login is refused (its number is spoken to every caller).
    const noPin = await post(a.app, '/agent/login', callParams(line, { From: '+8613700000000', Digits: AGENT.id }));
    expect(noPin.verbs.map((v) => v.name)).toEqual(['Say', 'Hangup']);
    const ask = await post(a.app, '/agent/login', callParams(line, { From: '+8613700000000', Digits: '8020' }));
    expect(ask.verbs[0]?.attrs.action).toBe('/agent/pin?agent=8020');
    const wrong = await post(a.app, '/agent/pin?agent=8020', callParams(line, { Digits: '1234' }));
    expect(spoken(wrong.verbs)).toEqual(['密码错误。']);
    const right = await post(a.app, '/agent/pin?agent=8020', callParams(line, { Digits: '4711' }));
    expect(right.verbs.map((v) => v.name)).toEqual(['Pause', 'Redirect']);
    await a.app.close();
  });

  it('asks an agent with a PIN for it even from the registered phone', async () => {
    const a = await testApp();
    await a.app.inject({
      method: 'PUT',
      url: `/admin/agents/${AGENT.id}`,
      payload: { name: 'A', phone: AGENT.phone, skills: ['general'], pool: 'in-house', pin: '2468' },
    });
    const res = await post(a.app, '/agent/voice', callParams(`CA${'b2'.repeat(16)}`, { From: AGENT.phone }));
    expect(res.verbs[0]?.attrs.action).toBe(`/agent/pin?agent=${AGENT.id}`);
    await a.app.close();
  });
});
