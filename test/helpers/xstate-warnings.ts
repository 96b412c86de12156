import { vi } from 'vitest';

/** XState's development warning when an event reaches an actor that has reached its final state. */
const STOPPED_ACTOR_WARNING = /^Event "[^"]+" was sent to stopped actor /;

/**
 * Runs `fn` with XState's "Event … was sent to stopped actor" warning kept off stderr, for a test that sends an
 * event after the final state on purpose; every other console.warn still prints. The spy is restored afterwards.
 */
export function withoutStoppedActorWarnings<T>(fn: () => T): T {
  const warn = console.warn.bind(console);
  const spy = vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
    if (typeof args[0] === 'string' && STOPPED_ACTOR_WARNING.test(args[0])) return;
    warn(...args);
  });
  try {
    return fn();
  } finally {
    spy.mockRestore();
  }
}
