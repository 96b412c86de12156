import { describe, expect, it } from 'vitest';
import { ContractWatch } from '../../../src/console/wallboard/contract-watch.js';
import { queued } from '../../helpers/call-records.js';
import { at, handContract } from '../../helpers/contract-records.js';

const a = { agentGroup: 'vendor-a' };
const t = at('2026-03-02T09:00:00+08:00');

describe('ContractWatch', () => {
  it("assesses the day and the hour apart, lists the hour's missed targets, and starts a new hour empty", () => {
    const watch = new ContractWatch([handContract]);
    watch.add(queued(t, { ivrSec: 5, waitSec: 2, answered: true }, a), false);
    watch.add(queued(t + 60, { ivrSec: 5, waitSec: 2, answered: true }, a), false);
    watch.add(queued(t + 3600, { ivrSec: 5, waitSec: 60, answered: false }, a), true);
    watch.add(queued(t + 3600, { ivrSec: 5, waitSec: 60, answered: false }, { agentGroup: 'city' }), true);
    const [board] = watch.result('2026-03-02', '2026-03-02T10:00+08:00');
    expect(board).toMatchObject({ contract: 'Vendor A', group: 'vendor-a', today: { offered: 3, answered: 2 } });
    expect(board!.hour).toMatchObject({ offered: 1, answered: 0, period: '2026-03-02T10:00+08:00' });
    expect(board!.breaking).toEqual(['service_level', 'abandon_rate']);
    watch.roll({ day: false, hour: true });
    const [next] = watch.result('2026-03-02', '2026-03-02T11:00+08:00');
    expect(next!.hour.offered).toBe(0);
    expect(next!.breaking).toEqual([]);
    expect(next!.today.offered).toBe(3);
  });
});
