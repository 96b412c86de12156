import { describe, expect, it } from 'vitest';
import { type ChoiceRecord, IvrChoiceCounter } from '../../src/analysis/fit-ivr-choices.js';

const record = (r: Partial<ChoiceRecord>): ChoiceRecord => ({
  skill: null,
  transferTo: null,
  lastState: 'goodbye',
  rating: null,
  ...r,
});

describe('IvrChoiceCounter', () => {
  const counter = () =>
    new IvrChoiceCounter(
      ['menu', 'survey'],
      [
        { evidence: { kind: 'queue', skill: 'enterprise' }, gather: 'menu', choice: '2' },
        { evidence: { kind: 'transfer', to: '119' }, gather: 'menu', choice: 'say:着火' },
        { evidence: { kind: 'within', states: ['caseEntry', 'caseReport'] }, gather: 'menu', choice: '5' },
        {
          evidence: { kind: 'end', state: 'rated' },
          gather: 'survey',
          choice: '1',
          keysByRating: ['1', '2', '3', '4', '5'],
        },
      ],
    );

  it('counts each branch a record shows, a rating under its key, and a hang-up at the gather it ended in', () => {
    const c = counter();
    c.add(record({ skill: 'enterprise', lastState: 'rated', rating: 4 }));
    c.add(record({ skill: 'enterprise', lastState: 'survey' }));
    c.add(record({ transferTo: '119', lastState: 'transferEnded' }));
    c.add(record({ lastState: 'caseReport' }));
    c.add(record({ lastState: 'menu' }));
    c.add(record({ skill: 'general', lastState: 'goodbye' }));
    expect(c.result()).toEqual({
      menu: { '2': 2, '5': 1, hangup: 1, 'say:着火': 1 },
      survey: { '4': 1, hangup: 1 },
    });
    expect([c.told, c.seen]).toEqual([5, 6]);
  });

  it('leaves out gathers nothing was counted at', () => {
    const c = counter();
    c.add(record({ skill: 'enterprise' }));
    expect(Object.keys(c.result())).toEqual(['menu']);
  });
});
