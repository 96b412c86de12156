import type { ShutdownReport } from './serve-command.js';

/** The signals `hotline serve` stops on. */
export type StopSignal = 'SIGTERM' | 'SIGINT';

/** Where signals come from and how the process ends; injected so tests run without touching the real process. */
export interface SignalHost {
  on(signal: StopSignal, listener: () => void): void;
  off(signal: StopSignal, listener: () => void): void;
  exit(code: number): void;
}

/**
 * Exit code of a second signal during a shutdown: 128 + the signal's number,
 * as a shell reports a process that signal killed (SIGINT 2 → 130, SIGTERM 15 → 143).
 */
export const SIGNAL_EXIT: Readonly<Record<StopSignal, number>> = { SIGINT: 130, SIGTERM: 143 };

/**
 * Makes `hotline serve` stop gracefully on SIGTERM or SIGINT (Ctrl-C): one
 * line on stderr, then `stop()` (the server's close: new requests refused,
 * streams ended, in-flight webhooks given their grace, store closed, lock
 * released) and exit 0, whether or not requests had to be cut at the end of
 * the grace (a shutdown that was asked for and done is a success for a
 * supervisor; the log says what was cut). A second signal during the
 * shutdown exits at once with 130 (SIGINT) or 143 (SIGTERM): the lock is
 * then released by the operating system and open streams are recovered as
 * after a crash. A failing shutdown is reported by `fail` and exits with the
 * code it returns. Returns a function that removes the handlers.
 */
export function shutdownOnSignal(
  stop: () => Promise<ShutdownReport>,
  host: SignalHost,
  log: (line: string) => void,
  fail: (error: unknown) => number,
): () => void {
  let stopping = false;
  const signals: StopSignal[] = ['SIGTERM', 'SIGINT'];
  const handlers = new Map<StopSignal, () => void>();
  const remove = (): void => {
    for (const [signal, handler] of handlers) host.off(signal, handler);
  };
  for (const signal of signals) {
    const handler = (): void => {
      if (stopping) {
        log(
          `hotline: second signal (${signal}): stopping at once (exit ${SIGNAL_EXIT[signal]}); streams still open are recovered at the next start.`,
        );
        host.exit(SIGNAL_EXIT[signal]);
        return;
      }
      stopping = true;
      log(
        `hotline: ${signal} received: shutting down (new requests refused, open Media Streams closed, webhooks in flight finish; send ${signal} again to stop at once).`,
      );
      stop().then(
        () => {
          remove();
          host.exit(0);
        },
        (error: unknown) => {
          remove();
          host.exit(fail(error));
        },
      );
    };
    handlers.set(signal, handler);
    host.on(signal, handler);
  }
  return remove;
}
