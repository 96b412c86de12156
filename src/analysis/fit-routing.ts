/**
 * Routing inferred from call records: which agent group callers reach first (priority), how long they wait before
 * an overflow group may take them (min_wait_sec), and the callback offer (when it is made, how many accept it).
 */

/** The answered calls' queue waits of one agent group, seconds. */
export interface GroupWaits {
  readonly group: string;
  readonly waitsSec: readonly number[];
}

/** A group's inferred place in the routing. */
export interface InferredRoute {
  readonly group: string;
  /** 1 = reached first; ties keep the order below. */
  readonly priority: number;
  /** The 1st percentile of its answered waits, floored to whole seconds; 0 below 1 s. */
  readonly minWaitSec: number;
  readonly medianWaitSec: number;
  readonly answered: number;
}

/** The q-quantile (0..1) of sorted values (nearest rank); NaN when empty. */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] as number;
}

/**
 * Orders groups as the line routes callers: an overflow group never answers a caller before its minimum wait,
 * so its answered waits start there (the 1st percentile, not the minimum, so a few odd records do not decide);
 * groups are ranked by that minimum wait, then by answered calls (the preferred of two groups without a minimum
 * takes the callers both could), then by name.
 */
export function inferRoutes(groups: readonly GroupWaits[], lowQuantile = 0.01): InferredRoute[] {
  const routes = groups
    .filter((g) => g.waitsSec.length > 0)
    .map((g) => {
      const sorted = [...g.waitsSec].sort((a, b) => a - b);
      const low = quantileSorted(sorted, lowQuantile);
      return {
        group: g.group,
        minWaitSec: low < 1 ? 0 : Math.floor(low),
        medianWaitSec: quantileSorted(sorted, 0.5),
        answered: sorted.length,
      };
    })
    .sort((a, b) => a.minWaitSec - b.minWaitSec || b.answered - a.answered || a.group.localeCompare(b.group));
  return routes.map((r, i) => ({ ...r, priority: i + 1 }));
}

/** The callback offer inferred from queue times. */
export interface CallbackFit {
  /** When the offer is made, seconds of waiting (given, or inferred from the callers who took it). */
  readonly offerAfterSec: number;
  /** Callers who booked a callback. */
  readonly accepted: number;
  /** Callers still in the queue when the offer was due (booked, answered or abandoned after it). */
  readonly eligible: number;
  /** accepted / eligible (0 when none was eligible). */
  readonly acceptance: number;
}

/**
 * Callback acceptance: of the callers still waiting at the offer time, the share who booked a callback. Without
 * a known offer time it is the 1st percentile of the bookers' time in the queue, floored (an upper estimate by
 * the seconds the offer prompt and the key take). Null when nobody booked one and no offer time is known.
 */
export function fitCallbackOffer(
  bookedAfterSec: readonly number[],
  otherQueueSec: readonly number[],
  knownOfferAfterSec?: number,
): CallbackFit | null {
  if (bookedAfterSec.length === 0 && knownOfferAfterSec === undefined) return null;
  const offerAfterSec =
    knownOfferAfterSec ??
    Math.floor(
      quantileSorted(
        [...bookedAfterSec].sort((a, b) => a - b),
        0.01,
      ),
    );
  const eligible = bookedAfterSec.length + otherQueueSec.filter((t) => t >= offerAfterSec).length;
  return {
    offerAfterSec,
    accepted: bookedAfterSec.length,
    eligible,
    acceptance: eligible > 0 ? bookedAfterSec.length / eligible : 0,
  };
}
