import { assign, setup } from 'xstate';

/**
 * A flow-like machine for clock tests: its no-input timeout is a named 5 s delay, as flows write it; it re-prompts
 * `retries` times, then hangs up (final). A clock that runs XState delays brings it to its end with
 * `context.retries === retries` after (retries + 1) × 5 s of that clock's time.
 */
export function retryingMachine(retries: number) {
  return setup({ types: { context: {} as { retries: number } }, delays: { noInput: 5000 } }).createMachine({
    context: { retries: 0 },
    initial: 'menu',
    states: {
      menu: {
        after: {
          noInput: [
            {
              guard: ({ context }) => context.retries < retries,
              target: 'menu',
              reenter: true,
              actions: assign({ retries: ({ context }) => context.retries + 1 }),
            },
            { target: 'hungUp' },
          ],
        },
      },
      hungUp: { type: 'final' },
    },
  });
}
