import type { Contract } from '../../src/analysis/contract-assessment.js';
import type { CallRecord } from '../../src/record/call-record.js';
import { queued } from './call-records.js';

/** Epoch seconds of an ISO time. */
export const at = (iso: string): number => Date.parse(iso) / 1000;

/** Service level ≥ 80 % (100 per point short), abandonment ≤ 20 % (50 once); 1,000 a month + 2 per answered call. */
export const handContract: Contract = {
  name: 'Vendor A',
  group: ['vendor-a'],
  currency: 'RMB',
  period: 'month',
  judge_on: 'point',
  price: { fixed_per_month: 1000, per_agent_hour: 0, per_answered_call: 2 },
  targets: {
    answer_within_sec: 15,
    service_level_min: 0.8,
    abandon_rate_max: 0.2,
    satisfaction_definition: 'strict',
  },
  penalties: {
    service_level: { per_point: 100, fixed: 0 },
    abandon_rate: { per_point: 0, fixed: 50 },
    cap_share_of_price: null,
  },
};

const a = { agentGroup: 'vendor-a' };

/**
 * February (Shanghai): 5 offered, 4 answered after 5, 10, 20, 30 s (2 within 15 s), 1 abandoned; the last at
 * 23:59:30 on Feb 28. March: 4 answered within 10 s, the first at 00:00:10 on March 1 (still Feb 28 in UTC).
 * One call of another group, one queued call without a group.
 */
export function handRecords(): CallRecord[] {
  return [
    queued(at('2026-02-03T09:00:00+08:00'), { ivrSec: 10, waitSec: 5, answered: true }, a),
    queued(at('2026-02-10T09:00:00+08:00'), { ivrSec: 10, waitSec: 10, answered: true }, a),
    queued(at('2026-02-11T09:00:00+08:00'), { ivrSec: 10, waitSec: 20, answered: true }, a),
    queued(at('2026-02-12T09:00:00+08:00'), { ivrSec: 10, waitSec: 40, answered: false }, a),
    queued(at('2026-02-28T23:59:30+08:00'), { ivrSec: 10, waitSec: 30, answered: true }, a),
    queued(at('2026-03-01T00:00:10+08:00'), { ivrSec: 10, waitSec: 5, answered: true }, a),
    queued(at('2026-03-02T09:00:00+08:00'), { ivrSec: 10, waitSec: 10, answered: true }, a),
    queued(at('2026-03-03T09:00:00+08:00'), { ivrSec: 10, waitSec: 1, answered: true }, a),
    queued(at('2026-03-04T09:00:00+08:00'), { ivrSec: 10, waitSec: 2, answered: true }, a),
    queued(at('2026-03-05T09:00:00+08:00'), { ivrSec: 10, waitSec: 90, answered: false }, { agentGroup: 'city' }),
    queued(at('2026-03-06T09:00:00+08:00'), { ivrSec: 10, waitSec: 90, answered: false }, { agentGroup: null }),
  ];
}
