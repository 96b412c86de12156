import { requireInteger, requireNonNegative } from './input-checks.js';

/**
 * Erlang B blocking probability E_B(n, A) of the loss system M/M/n/n: the
 * fraction of calls that find all `agents` (or lines) busy and are lost, when
 * `offeredErlangs` = arrival rate × mean holding time is offered.
 *
 * Uses the stable recursion B₀ = 1, B_k = A·B_{k−1}/(k + A·B_{k−1}), which never
 * forms Aⁿ or n! and so works for any size (O(n) time).
 *
 * @param agents servers or lines n, a whole number ≥ 0 (0 agents block everything).
 * @param offeredErlangs offered load A in Erlang, ≥ 0.
 * @returns a probability in [0, 1].
 * @throws HotlineError HOTLINE_ARGUMENT_INVALID for a negative or fractional `agents`, or a bad load.
 * @example erlangB(17, 10) // 0.012949… (17 lines keep blocking under 2 % at 10 Erlang)
 */
export function erlangB(agents: number, offeredErlangs: number): number {
  requireInteger(agents, 'erlangB', 'agents', 0);
  const load = requireNonNegative(offeredErlangs, 'erlangB', 'offeredErlangs');
  let blocking = 1;
  for (let k = 1; k <= agents; k += 1) {
    const carried = load * blocking;
    blocking = carried / (k + carried);
  }
  return blocking;
}
