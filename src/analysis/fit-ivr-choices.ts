/**
 * Callers' choices at each IVR gather counted from call records (`callers.ivr.choices`), given the flow's
 * branches: which record evidence (the skill queued for, the number transferred to, the state the call ended in,
 * the rating) each choice at each gather leads to. Hang-ups at a gather are the calls whose last state it is.
 */

/** What a record shows of the branch a call took. */
export type BranchEvidence =
  | { readonly kind: 'queue'; readonly skill: string }
  | { readonly kind: 'transfer'; readonly to: string }
  | { readonly kind: 'end'; readonly state: string }
  /** The call ended in one of these states (the states only this branch leads to). */
  | { readonly kind: 'within'; readonly states: readonly string[] };

/** One tellable branch: its evidence and the (gather, choice) it is counted under. */
export interface IvrBranch {
  readonly evidence: BranchEvidence;
  readonly gather: string;
  readonly choice: string;
  /**
   * Several keys at the gather lead to the same branch and the record's rating tells which (the survey's
   * keys 1–5): the count goes to the key equal to the rating, when it is one of these.
   */
  readonly keysByRating?: readonly string[];
}

/** The record fields the counting reads. */
export interface ChoiceRecord {
  readonly skill: string | null;
  readonly transferTo: string | null;
  readonly lastState: string;
  readonly rating: number | null;
}

function matches(e: BranchEvidence, r: ChoiceRecord): boolean {
  switch (e.kind) {
    case 'queue':
      return r.skill === e.skill;
    case 'transfer':
      return r.transferTo === e.to;
    case 'end':
      return r.lastState === e.state;
    case 'within':
      return e.states.includes(r.lastState);
  }
}

/** Counts choices per gather over the records `add` is given. */
export class IvrChoiceCounter {
  private readonly counts = new Map<string, Map<string, number>>();
  private readonly gathers: ReadonlySet<string>;
  private readonly branches: readonly IvrBranch[];
  /** Records counted under at least one choice or hang-up. */
  told = 0;
  /** Records seen. */
  seen = 0;

  constructor(gathers: readonly string[], branches: readonly IvrBranch[]) {
    this.gathers = new Set(gathers);
    this.branches = branches;
    for (const g of gathers) this.counts.set(g, new Map());
  }

  private bump(gather: string, choice: string): void {
    const choices = this.counts.get(gather) as Map<string, number>;
    choices.set(choice, (choices.get(choice) ?? 0) + 1);
  }

  add(record: ChoiceRecord): void {
    this.seen += 1;
    let told = false;
    if (this.gathers.has(record.lastState)) {
      // A call cannot end inside a gather but by hanging up there.
      this.bump(record.lastState, 'hangup');
      told = true;
    }
    for (const b of this.branches) {
      if (!matches(b.evidence, record)) continue;
      const rated = record.rating === null ? undefined : String(record.rating);
      const choice = b.keysByRating && rated !== undefined && b.keysByRating.includes(rated) ? rated : b.choice;
      this.bump(b.gather, choice);
      told = true;
    }
    if (told) this.told += 1;
  }

  /** Per gather, the count of each choice told (weights for `callers.ivr.choices`); gathers without any left out. */
  result(): Record<string, Record<string, number>> {
    const out: Record<string, Record<string, number>> = {};
    for (const [gather, choices] of this.counts) {
      if (choices.size === 0) continue;
      out[gather] = Object.fromEntries([...choices].sort((a, b) => a[0].localeCompare(b[0])));
    }
    return out;
  }
}
