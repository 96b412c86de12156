import { describe, expect, it } from 'vitest';
import menu from '../../flows/hotline-12345-menu.js';
import { KpiAccumulator } from '../../src/analysis/kpis.js';
import { newCallRecord, type CallRecord } from '../../src/record/call-record.js';
import { adminClient, type AdminRequest } from '../../src/qa/admin-client.js';
import { loadService } from '../../src/qa/load-service.js';
import { listenFollowingEmulator } from '../helpers/emulated-server.js';

const T0 = 1_800_000_000;

/** A record of call `n`: queued at +10 s, then answered after `waitSec`, or abandoned, or still open. */
function record(n: number, how: { answerAfterSec?: number; abandonAfterSec?: number; open?: boolean }): CallRecord {
  const sid = `CA${String(n).padStart(32, '0')}`;
  const base = newCallRecord({
    callSid: sid,
    flowId: menu.id,
    direction: 'inbound',
    callerHash: null,
    arrivalSec: T0 + n,
    language: 'cmn-CN',
    lastState: 'queue',
  });
  const queued = T0 + n + 10;
  const answerSec = how.answerAfterSec === undefined ? null : queued + how.answerAfterSec;
  const abandonSec = how.abandonAfterSec === undefined ? null : queued + how.abandonAfterSec;
  return {
    ...base,
    ivrExitSec: queued,
    queueEntrySec: queued,
    answerSec,
    abandonSec,
    endSec: how.open ? null : (answerSec ?? abandonSec ?? queued) + 60,
    outcome: how.open ? null : answerSec !== null ? 'answered' : 'abandoned',
  };
}

describe('loadService', () => {
  it("computes the load's calls' service from the server's records, as KpiAccumulator does, leaving others out", async () => {
    const { app, base } = await listenFollowingEmulator(menu, 'load-service-token');
    try {
      const mine = [
        record(1, { answerAfterSec: 3 }),
        record(2, { answerAfterSec: 20 }),
        record(3, { abandonAfterSec: 40 }),
        record(4, { answerAfterSec: 15 }),
      ];
      const others = [record(0, { abandonAfterSec: 1 }), record(9, { answerAfterSec: 100 })];
      for (const r of [...mine, ...others]) await app.hotline.store.putRecord(r);
      const service = await loadService(
        adminClient(base, null),
        mine.map((r) => r.callSid),
      );
      const kpis = new KpiAccumulator();
      for (const r of mine) kpis.add(r);
      const expected = kpis.result();
      expect(service).toEqual({
        calls: 4,
        unfinished: 0,
        unfinishedSamples: [],
        offered: expected.offered,
        answered: expected.answered,
        abandoned: expected.abandoned,
        serviceLevel: expected.serviceLevel,
        asaSec: expected.asaSec,
      });
      expect(service).toMatchObject({ offered: 4, answered: 3, abandoned: 1, serviceLevel: { '15': 0.5 } });
      expect(service.asaSec).toBeCloseTo(38 / 3, 9);
    } finally {
      await app.close();
    }
  });

  it('waits for calls still open, then counts those that never finished apart', async () => {
    const { app, base } = await listenFollowingEmulator(menu, 'load-service-token');
    try {
      const closing = record(1, { open: true });
      const never = record(2, { open: true });
      for (const r of [closing, never]) await app.hotline.store.putRecord(r);
      // The server closes the first call once loadService has looked once and found it open.
      const real = adminClient(base, null);
      let looks = 0;
      const admin: AdminRequest = async (method, path, body) => {
        const answer = await real(method, path, body);
        if (path.startsWith('/admin/calls?') && ++looks === 1)
          await app.hotline.store.putRecord(record(1, { answerAfterSec: 5 }));
        return answer;
      };
      const service = await loadService(admin, [closing.callSid, never.callSid, 'CA404'], {
        waitMs: 2000,
        pollMs: 20,
      });
      expect(looks).toBeGreaterThan(1);
      expect(service).toMatchObject({ calls: 1, unfinished: 2, offered: 1, answered: 1, asaSec: 5 });
      expect(service.unfinishedSamples).toEqual([never.callSid, 'CA404']);
    } finally {
      await app.close();
    }
  });
});
