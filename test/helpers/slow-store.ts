import type { CallStore } from '../../src/store/call-store.js';

/**
 * Wraps a store so that every operation takes a little real time, as a
 * networked store (Redis) would: interleavings that an instant in-memory store
 * hides become visible.
 */
export function slowStore(inner: CallStore, delayMs = 2): CallStore {
  const wait = () => new Promise((resolve) => setTimeout(resolve, delayMs));
  return new Proxy(inner, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        await wait();
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}
