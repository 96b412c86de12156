import { describe, expect, it } from 'vitest';
import { ivrBranches } from '../../src/planning/ivr-branches.js';
import { loadFlow } from '../../src/scenario/load-flow.js';

describe('ivrBranches', () => {
  it("reads the direct flow: the language key, the emergencies, the default queue and the survey's ratings", async () => {
    const b = ivrBranches(await loadFlow('hotline-12345-direct'));
    expect(b.gathers).toEqual(['survey', 'welcome']);
    const told = b.branches.map((x) => [x.gather, x.choice, JSON.stringify(x.evidence)]);
    expect(told).toContainEqual(['welcome', '9', JSON.stringify({ kind: 'queue', skill: 'foreign-language' })]);
    expect(told).toContainEqual(['welcome', 'none', JSON.stringify({ kind: 'queue', skill: 'general' })]);
    expect(told).toContainEqual(['welcome', 'say:着火', JSON.stringify({ kind: 'transfer', to: '119' })]);
    const rated = b.branches.find((x) => x.gather === 'survey' && x.keysByRating);
    expect(rated?.keysByRating).toEqual(['1', '2', '3', '4', '5']);
    expect(b.untold).toContain('survey: invalid, none lead back to a gather; not told from records.');
  });

  it('counts the tries a silent caller hears a gather: the survey retries once, the greeting does not', async () => {
    expect(ivrBranches(await loadFlow('hotline-12345-direct')).noInputTries).toEqual({ survey: 2 });
  });

  it('reads the menu flow: a key leading to another gather is told by the states behind it, a shared end is not', async () => {
    const b = ivrBranches(await loadFlow('hotline-12345-menu'));
    const five = b.branches.filter((x) => x.gather === 'menu' && x.choice === '5');
    expect(five).toHaveLength(1);
    expect(five[0]?.evidence).toEqual({
      kind: 'within',
      states: ['caseEntry', 'caseInvalid', 'caseLookup', 'caseNotFound', 'caseReport', 'caseToAgent'],
    });
    expect(b.branches.some((x) => x.evidence.kind === 'end' && x.evidence.state === 'goodbye')).toBe(false);
    expect(b.untold.join('\n')).toMatch(/end:goodbye: reached from several gathers .*; not told from records/);
  });
});
