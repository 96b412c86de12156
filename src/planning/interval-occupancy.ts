import { scheduledAgentsAt } from '../scenario/pool-schedule.js';
import type { Scenario } from '../scenario/scenario-schema.js';
import type { ReplicationResult } from './run-scenario.js';

/**
 * Occupancy by interval of the day (e.g. 24 hourly values, 0..1, the mean over replications; null where nobody was
 * on the phone): the agent time of the calls that arrived in the interval (all pools) over the on-phone agent time
 * scheduled in it (round(scheduled × (1 − shrinkage)), as the model staffs), from the warm-up's end to the last
 * arrival. A call is counted in the interval it arrived in, as the KPIs by interval count it, so a busy hour's long
 * calls that spill into the next weigh on the hour they came in.
 */
export function intervalOccupancy(scenario: Scenario, replications: readonly ReplicationResult[]): (number | null)[] {
  const intervalSec = scenario.interval_minutes * 60;
  const perDay = Math.max(1, Math.round(86400 / intervalSec));
  const sums = Array.from({ length: perDay }, () => ({ total: 0, n: 0 }));
  const startDay = scenario.horizon.start_day;
  for (const r of replications) {
    const onPhoneSec = new Array<number>(perDay).fill(0);
    const fromSec = scenario.warmup_minutes * 60;
    for (let t = fromSec; t < r.stats.arrivalsEndSec; t += intervalSec) {
      const length = Math.min(intervalSec, r.stats.arrivalsEndSec - t);
      const bin = Math.floor((t % 86400) / intervalSec) % perDay;
      const agents = scenario.pools.reduce(
        (sum, pool) => sum + Math.round(scheduledAgentsAt(pool, t + length / 2, startDay) * (1 - pool.shrinkage)),
        0,
      );
      onPhoneSec[bin]! += agents * length;
    }
    r.byInterval.forEach((kpis, bin) => {
      const busy = Object.values(kpis.busySecByPool).reduce((a, b) => a + b, 0);
      if (bin < perDay && onPhoneSec[bin]! > 0) {
        sums[bin]!.total += busy / onPhoneSec[bin]!;
        sums[bin]!.n += 1;
      }
    });
  }
  return sums.map((s) => (s.n === 0 ? null : s.total / s.n));
}
