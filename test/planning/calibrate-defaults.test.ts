import { describe, expect, it } from 'vitest';
import { ScenarioFacts } from '../../src/planning/calibrate-defaults.js';
import type { CalibrationContext } from '../../src/planning/calibration-part.js';
import { queued } from '../helpers/call-records.js';

const CONTEXT: CalibrationContext = {
  timeZone: 'Asia/Shanghai',
  fromSec: 0,
  toSec: 2 * 86_400,
  days: 2,
  firstWeekday: 0,
  records: 3,
  source: 'calls.db',
};
const at = (hour: number) => ({ dayIndex: 0, hour, weekday: 0 });

describe('ScenarioFacts.defaults', () => {
  it('fills only what the tree lacks: one pool per agent group, agents from busy time at 85 % occupancy', () => {
    const facts = new ScenarioFacts();
    const answered = { ivrSec: 0, waitSec: 5, answered: true };
    // city: 3 agent-hours in hour 9 over 2 days → 1.5 busy agents → 1.5 / 0.85 → 2 on duty; acme: one short call in hour 10.
    facts.add(queued(0, { ...answered, handleSec: 1.5 * 3600 }, { callType: 'consult' }), at(9));
    facts.add(queued(0, { ...answered, handleSec: 1.5 * 3600 }, { callType: 'consult' }), at(9));
    facts.add(
      queued(
        0,
        { ...answered, handleSec: 60 },
        { callType: 'consult', agentGroup: 'acme', pool: 'outsourced', skill: 'vendor' },
      ),
      at(10),
    );
    const tree = { name: 'mine', call_types: [{ name: 'consult', share: 1 }] };
    const entries = facts.defaults(tree, CONTEXT, undefined);
    const byPath = new Map(entries.map((e) => [e.path.join('.'), e]));
    expect(byPath.has('name')).toBe(false);
    expect(byPath.get('horizon')?.value).toEqual({ days: 2, start_day: 'Mon' });
    expect(byPath.get('call_types.consult.skill')?.value).toBe('general');
    expect(byPath.get('call_types.consult.handle_sec')?.comment).toMatch(
      /^ASSUMPTION: not in the records: the lognormal shape/,
    );
    const city = byPath.get('pools.city')?.value as { agents_by_hour: number[]; skills: string[]; pool: string };
    expect(city.agents_by_hour[9]).toBe(2);
    expect(city.agents_by_hour[8]).toBe(0);
    expect(city.skills).toEqual(['general']);
    const acme = byPath.get('pools.acme')?.value as { agents_by_hour: number[]; pool: string; skills: string[] };
    expect(acme).toMatchObject({ pool: 'outsourced', skills: ['vendor'] });
    expect(acme.agents_by_hour[10]).toBe(1);
    expect(byPath.get('pools.acme')?.comment).toMatch(/^ASSUMPTION: not in the records: agents on duty estimated/);
  });

  it('assumes a handle time and one `agents` pool when no call was answered or queued', () => {
    const entries = new ScenarioFacts().defaults({ call_types: [{ name: 'unknown', share: 1 }] }, CONTEXT, 'my-flow');
    const byPath = new Map(entries.map((e) => [e.path.join('.'), e]));
    expect(byPath.get('flow')?.value).toBe('my-flow');
    expect(byPath.get('call_types.unknown.handle_sec')?.value).toEqual({ dist: 'lognormal', mean: 300, cv: 1 });
    expect(byPath.get('pools.agents')?.value).toMatchObject({ skills: ['general'], pool: 'in-house' });
  });
});
