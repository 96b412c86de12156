import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createCli } from '../../src/cli/main.js';
import type { RunningServer, ShutdownReport } from '../../src/cli/serve-command.js';
import { shutdownOnSignal, type SignalHost, type StopSignal } from '../../src/cli/shutdown-on-signal.js';
import { StoreLock } from '../../src/store/store-lock.js';

/** A process stand-in: signals are delivered by hand, exits recorded. */
function fakeHost() {
  const listeners = new Map<StopSignal, Set<() => void>>([
    ['SIGTERM', new Set()],
    ['SIGINT', new Set()],
  ]);
  const exits: number[] = [];
  const host: SignalHost = {
    on: (signal, listener) => listeners.get(signal)!.add(listener),
    off: (signal, listener) => listeners.get(signal)!.delete(listener),
    exit: (code) => exits.push(code),
  };
  const send = (signal: StopSignal): void => {
    for (const l of [...listeners.get(signal)!]) l();
  };
  return { host, exits, send, listening: () => listeners.get('SIGTERM')!.size + listeners.get('SIGINT')!.size };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('shutdownOnSignal', () => {
  it('stops once on the first signal, logs one line and exits 0 when the stop is done', async () => {
    const { host, exits, send, listening } = fakeHost();
    const lines: string[] = [];
    const stop = deferred<ShutdownReport>();
    let stops = 0;
    shutdownOnSignal(
      () => {
        stops += 1;
        return stop.promise;
      },
      host,
      (l) => lines.push(l),
      () => 70,
    );
    send('SIGTERM');
    expect(stops).toBe(1);
    expect(lines).toEqual([expect.stringMatching(/^hotline: SIGTERM received: shutting down/)]);
    expect(exits).toEqual([]);
    stop.resolve({ inTime: false });
    await tick();
    expect(exits, 'a stop that had to cut requests is still a requested, completed stop').toEqual([0]);
    expect(listening()).toBe(0);
  });

  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)('exits at once on a second signal (%s: %i)', (second, code) => {
    const { host, exits, send } = fakeHost();
    const lines: string[] = [];
    shutdownOnSignal(
      () => new Promise<ShutdownReport>(() => undefined),
      host,
      (l) => lines.push(l),
      () => 70,
    );
    send('SIGINT');
    send(second);
    expect(exits).toEqual([code]);
    expect(lines[1]).toBe(
      `hotline: second signal (${second}): stopping at once (exit ${code}); streams still open are recovered at the next start.`,
    );
  });

  it("exits with the failure's code when the stop fails", async () => {
    const { host, exits, send } = fakeHost();
    const failed: unknown[] = [];
    shutdownOnSignal(
      () => Promise.reject(new Error('disk gone')),
      host,
      () => undefined,
      (error) => {
        failed.push(error);
        return 70;
      },
    );
    send('SIGTERM');
    await tick();
    expect(exits).toEqual([70]);
    expect(String(failed[0])).toContain('disk gone');
  });
});

describe('RunningServer.close', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('cuts a request still in flight after the grace, then closes the store and releases the lock', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hotline-close-'));
    dirs.push(dir);
    const err: string[] = [];
    const holder: { code: number; server?: { close(): Promise<unknown> } } = { code: 0 };
    await createCli(
      {
        stdout: () => undefined,
        stderr: (t) => {
          err.push(t);
        },
        stdin: Readable.from([]),
        env: { HOTLINE_LOG_LEVEL: 'silent' },
        cwd: dir,
        now: Date.now,
        monotonicMs: () => performance.now(),
        interactive: false,
      },
      holder,
    ).parseAsync(['serve', '--port', '0', '--db', 'calls.db'], { from: 'user' });
    const server = holder.server as RunningServer;
    // A request whose body never completes: in flight until cut.
    const port = Number(new URL(server.url).port);
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const cut = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => undefined);
    // Taken by the server once it answers 100 Continue; its body never comes.
    const taken = new Promise<void>((resolve) => socket.once('data', () => resolve()));
    socket.write(
      'POST /voice HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nExpect: 100-continue\r\nContent-Length: 100\r\n\r\n',
    );
    await taken;
    expect(await server.close(300)).toEqual({ inTime: false });
    await cut;
    expect(err.join('')).toContain('hotline: requests still in flight after 0.3 s; cutting them.');
    const next = StoreLock.acquire(join(dir, 'calls.db'));
    expect(next.previous, 'released, not left for a takeover').toBeNull();
    next.lock.release();
  }, 60_000);
});
