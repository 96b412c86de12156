import { describe, expect, it } from 'vitest';
import { FollowUpCalls, shrunkWindowSec, type FollowUpInput } from '../../src/analysis/follow-up-calls.js';

/** An inbound call: arrival, how it ended (abandoned at, or answered and ended at, resolved or not), attempt. */
function call(
  callerHash: string | null,
  arrivalSec: number,
  end: { abandonSec?: number; endSec?: number; resolved?: boolean | null } = {},
  attempt = 1,
): FollowUpInput {
  const abandoned = end.abandonSec !== undefined;
  return {
    direction: 'inbound',
    callerHash,
    arrivalSec,
    attempt,
    outcome: abandoned ? 'abandoned' : 'answered',
    abandonSec: end.abandonSec ?? null,
    answerSec: abandoned ? null : arrivalSec,
    endSec: end.endSec ?? (abandoned ? (end.abandonSec as number) : arrivalSec + 60),
    resolved: abandoned ? null : (end.resolved ?? null),
  };
}

describe('FollowUpCalls', () => {
  it('tells first attempts, redials (by attempt or by caller after an abandon) and repeats apart', () => {
    const c = new FollowUpCalls();
    expect(c.classify(call('a', 0, { abandonSec: 30 }))?.kind).toBe('first');
    const redial = c.classify(call('a', 630, { endSec: 700, resolved: false }));
    expect(redial).toMatchObject({ kind: 'redial', byAttempt: false, after: { trigger: 'abandoned', delaySec: 600 } });
    expect(c.classify(call('a', 700 + 86_400, { endSec: 90_000, resolved: true }))).toMatchObject({
      kind: 'repeat',
      after: { trigger: 'unresolved', atSec: 700, delaySec: 86_400 },
    });
    // The resolved call opens no window: the caller's next call is a new request.
    expect(c.classify(call('a', 200_000))?.kind).toBe('first');
    expect(c.classify(call('b', 5, {}, 2))).toMatchObject({ kind: 'redial', byAttempt: true, after: null });
  });

  it('links only within the windows, and only to the previous call', () => {
    const c = new FollowUpCalls();
    c.classify(call('a', 0, { abandonSec: 10 }));
    expect(c.classify(call('a', 10 + 86_401))?.kind).toBe('first');
    c.classify(call('b', 0, { endSec: 100, resolved: false }));
    expect(c.classify(call('b', 100 + 7 * 86_400 + 1))?.kind).toBe('first');
    c.classify(call('d', 0, { abandonSec: 10 }));
    c.classify(call('d', 20));
    expect(c.classify(call('d', 30))?.kind).toBe('first');
  });

  it('cannot link calls without a caller hash: only attempt > 1 marks them', () => {
    const c = new FollowUpCalls();
    c.classify(call(null, 0, { abandonSec: 10 }));
    expect(c.classify(call(null, 60))).toMatchObject({ kind: 'first', opens: null });
    expect(c.classify(call(null, 70, {}, 3))?.kind).toBe('redial');
  });

  it('gives the same answer when two parts classify the same record', () => {
    const c = new FollowUpCalls();
    c.classify(call('a', 0, { abandonSec: 10 }));
    const r = call('a', 100);
    const first = c.classify(r);
    expect(c.classify(r)).toBe(first);
    expect(first?.kind).toBe('redial');
  });

  it('decides caller-linked redials later than 1 h at the final, shrunk window', () => {
    const c = new FollowUpCalls();
    // 200 redials within minutes of their abandons (and the late one): 3 × p99 (about 10 min) → 1 h.
    for (let i = 0; i < 200; i += 1) {
      c.classify(call(`x${i}`, i * 1000, { abandonSec: i * 1000 + 10 }));
      c.classify(call(`x${i}`, i * 1000 + 10 + 60 + i * 2));
    }
    c.classify(call('late', 0, { abandonSec: 0 }));
    const late = c.classify(call('late', 5 * 3600)) as NonNullable<ReturnType<FollowUpCalls['classify']>>;
    expect(late.kind).toBe('redial');
    expect(c.pending(late)).toBe(true);
    expect(c.redialWindowSec()).toBe(3600);
    expect(c.finalKind(late)).toBe('first');
    const fixed = new FollowUpCalls({ redialWindowSec: 86_400 });
    fixed.classify(call('late', 0, { abandonSec: 0 }));
    const kept = fixed.classify(call('late', 5 * 3600))!;
    expect(fixed.pending(kept)).toBe(false);
    expect(fixed.finalKind(kept)).toBe('redial');
  });
});

describe('shrunkWindowSec', () => {
  it('keeps the widest window with fewer than 10 delays, else 3 × the 99th percentile, hour-rounded, at least 1 h', () => {
    expect(shrunkWindowSec([60, 120], 86_400)).toBe(86_400);
    expect(
      shrunkWindowSec(
        Array.from({ length: 100 }, () => 100),
        86_400,
      ),
    ).toBe(3600);
    expect(
      shrunkWindowSec(
        Array.from({ length: 100 }, (_, i) => (i + 1) * 60),
        86_400,
      ),
    ).toBe(18_000);
    expect(
      shrunkWindowSec(
        Array.from({ length: 100 }, () => 40_000),
        86_400,
      ),
    ).toBe(86_400);
  });
});
