import { afterEach, describe, expect, it } from 'vitest';
import direct from '../../../flows/hotline-12345-direct.js';
import { FlowAnalyses } from '../../../src/console/flows/flow-analysis.js';
import { TodayTraffic } from '../../../src/console/flows/today-traffic.js';
import { type CallRecord, newCallRecord } from '../../../src/record/call-record.js';
import { type ConsoleServer, startConsoleServer } from '../../helpers/console-browser.js';

let server: ConsoleServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function ended(n: number, lastState: string, arrivalSec: number): CallRecord {
  const record = newCallRecord({
    callSid: `CA${n}`,
    flowId: direct.id,
    direction: 'inbound',
    callerHash: null,
    arrivalSec,
    language: 'cmn-CN',
    lastState,
  });
  return { ...record, endSec: arrivalSec + 30, outcome: 'ivr-hangup' };
}

describe("today's traffic from the store", () => {
  it("reads today's final records again only once the live feed has counted another", async () => {
    server = await startConsoleServer();
    const { store, feed } = server.app.hotline;
    const legs = new FlowAnalyses().legsForTraffic(direct);
    const traffic = new TodayTraffic(store, feed);
    const nowSec = feed.state().atSec;
    const first = ended(1, 'queue', nowSec - 60);
    await store.putRecord(first);
    feed.recordFinal(first);
    expect((await traffic.read(direct, legs)).states.queue?.through).toBe(1);
    // A record the feed has not counted (written behind the line's back) does not trigger a new read…
    const quiet = ended(2, 'queue', nowSec - 50);
    await store.putRecord(quiet);
    expect((await traffic.read(direct, legs)).calls.finished).toBe(1);
    // …the next counted one does, and brings both.
    const third = ended(3, 'welcome', nowSec - 40);
    await store.putRecord(third);
    feed.recordFinal(third);
    const now = await traffic.read(direct, legs);
    expect(now.calls.finished).toBe(3);
    expect(now.states.welcome).toEqual({ through: 3, ended: 1, now: 0 });
  });

  it("leaves out yesterday's calls and other flows' calls", async () => {
    server = await startConsoleServer();
    const { store, feed } = server.app.hotline;
    const { fromSec } = feed.state().today.window;
    const yesterday = ended(1, 'queue', fromSec - 10);
    const other = { ...ended(2, 'queue', fromSec + 1), flowId: 'hotline-12345-menu' };
    for (const r of [yesterday, other]) {
      await store.putRecord(r);
      feed.recordFinal(r);
    }
    const traffic = await new TodayTraffic(store, feed).read(direct, new FlowAnalyses().legsForTraffic(direct));
    expect(traffic.calls).toEqual({ finished: 0, live: 0 });
    expect(traffic.states).toEqual({});
  });
});
