import { describe, expect, it } from 'vitest';
import direct from '../../../flows/hotline-12345-direct.js';
import { LocalLine } from '../../../src/console/line/local-line.js';
import {
  SOFTPHONE_MAX_CALLS,
  type SoftphoneCall,
  SoftphoneCalls,
} from '../../../src/console/softphone/softphone-calls.js';

const GATHER = '<?xml version="1.0"?><Response><Gather input="dtmf"><Say>hi</Say></Gather></Response>';

/** A line whose server answers every request with a gather: calls wait for the page until hung up. */
function line(): LocalLine {
  return new LocalLine({
    baseUrl: 'http://localhost',
    authToken: 'token',
    nowMs: () => 1_000_000,
    transport: {
      exchange: async () => ({ status: 200, headers: { 'content-type': 'text/xml' }, body: GATHER, wireMs: 0 }),
      close: async () => undefined,
    },
  });
}

describe("the softphone's calls", () => {
  it('hangs up a call no page listens to, and keeps one a page listens to', async () => {
    const calls = new SoftphoneCalls(30);
    const l = line();
    const left = l.placeCall({ from: '+8613800138000' });
    calls.add({
      id: left.callSid,
      owner: 's1',
      call: left,
      opened: { line: l, flow: direct, owned: false, description: '' },
      arrivalMs: 0,
      language: 'cmn-CN',
    });
    const watched = l.placeCall({ from: '+8613800138000' });
    const entry = calls.add({
      id: watched.callSid,
      owner: 's1',
      call: watched,
      opened: { line: l, flow: direct, owned: false, description: '' },
      arrivalMs: 0,
      language: 'cmn-CN',
    });
    const detach = calls.attach(entry);
    expect((await left.done).endedBy).toBe('caller');
    expect(watched.live).toBe(true);
    expect(calls.get('s1', watched.callSid).listeners).toBe(1);
    detach();
    await calls.close();
  });

  it('refuses a call beyond SOFTPHONE_MAX_CALLS, and a call of another session', async () => {
    const calls = new SoftphoneCalls();
    const l = line();
    const placed: SoftphoneCall[] = [];
    for (let i = 0; i < SOFTPHONE_MAX_CALLS; i += 1) {
      const release = calls.reserve();
      const call = l.placeCall({ from: '+8613800138000' });
      placed.push(
        calls.add({
          id: call.callSid,
          owner: 's1',
          call,
          opened: { line: l, flow: direct, owned: false, description: '' },
          arrivalMs: 0,
          language: 'cmn-CN',
        }),
      );
      release();
    }
    expect(() => calls.reserve()).toThrow(/SOFTPHONE_MAX_CALLS/);
    expect(() => calls.get('s2', placed[0]!.id)).toThrow(/no such call of this session/);
    await calls.close();
    expect(placed.every((c) => !c.call.live)).toBe(true);
  });

  it('reserves a place before the line is open: calls set up at once never pass the cap', async () => {
    const calls = new SoftphoneCalls();
    const l = line();
    let openNow: () => void = () => undefined;
    const opening = new Promise<void>((resolve) => {
      openNow = resolve;
    });
    const open = async () => {
      await opening;
      return { line: l, flow: direct, owned: false, description: '' };
    };
    const tries = Array.from({ length: SOFTPHONE_MAX_CALLS + 2 }, () =>
      calls.place(open, (o) => o.line.placeCall({ from: '+8613800138000' }), { owner: 's1', language: 'cmn-CN' }),
    );
    openNow();
    const settled = await Promise.allSettled(tries);
    expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(SOFTPHONE_MAX_CALLS);
    expect(settled.filter((s) => s.status === 'rejected').map((s) => String(s.reason))).toEqual([
      expect.stringMatching(/SOFTPHONE_MAX_CALLS/),
      expect.stringMatching(/SOFTPHONE_MAX_CALLS/),
    ]);
    await calls.close();
  });

  it('releases the place and closes its own line when the call cannot be placed', async () => {
    const calls = new SoftphoneCalls();
    let closed = 0;
    const own = new LocalLine({
      baseUrl: 'http://localhost',
      authToken: 'token',
      nowMs: () => 1_000_000,
      transport: { exchange: async () => ({ failure: 'connection-refused', wireMs: 0 }), close: async () => undefined },
      onClose: async () => {
        closed += 1;
      },
    });
    const open = async () => ({ line: own, flow: direct, owned: true, description: '' });
    for (let i = 0; i < SOFTPHONE_MAX_CALLS + 1; i += 1) {
      await expect(
        calls.place(
          open,
          () => {
            throw new Error('no line');
          },
          { owner: 's1', language: 'cmn-CN' },
        ),
      ).rejects.toThrow('no line');
    }
    expect(closed).toBe(SOFTPHONE_MAX_CALLS + 1);
    await expect(
      calls.place(
        async () => {
          throw new Error('no flow');
        },
        () => {
          throw new Error('not reached');
        },
        { owner: 's1', language: 'cmn-CN' },
      ),
    ).rejects.toThrow('no flow');
    const release = calls.reserve();
    release();
  });
});
