import { describe, expect, it } from 'vitest';
import menu from '../../../flows/hotline-12345-menu.js';
import { callParams, post, spoken } from '../../helpers/signed-client.js';
import { testApp } from '../../helpers/test-app.js';

describe('call progression: Twilio edge cases', () => {
  it('replays the exact last document, announce prompts included', async () => {
    const a = await testApp({ flow: menu });
    const sid = `CA${'a3'.repeat(16)}`;
    await post(a.app, '/voice', callParams(sid));
    const first = await post(a.app, '/voice/gather?turn=1', callParams(sid, { Digits: '7' }));
    expect(spoken(first.verbs)[0]).toContain('输入有误');
    const replay = await post(a.app, '/voice/gather?turn=1', callParams(sid, { Digits: '7' }));
    expect(replay.body).toBe(first.body);
    expect((await a.store.getSession(sid))?.snapshot).toMatchObject({ context: { menuTries: 1 } });
    await a.app.close();
  });

  it('dials the configured number for an emergency transfer target', async () => {
    const a = await testApp({ app: { transferNumbers: { '119': '+8653100119' } } });
    const sid = `CA${'a6'.repeat(16)}`;
    await post(a.app, '/voice', callParams(sid));
    const doc = await post(a.app, '/voice/gather?turn=1', callParams(sid, { SpeechResult: '我家着火了' }));
    expect(doc.verbs.find((v) => v.name === 'Dial')?.children[0]?.text).toBe('+8653100119');
    expect(spoken(doc.verbs)[0]).toContain('119');
    await a.app.close();
  });
});
