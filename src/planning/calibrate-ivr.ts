import { IvrChoiceCounter } from '../analysis/fit-ivr-choices.js';
import type { FlowDefinition } from '../flow/flow-definition.js';
import type { CallRecord } from '../record/call-record.js';
import type { CalibrationContext, CalibrationPart, CalibrationResult, LocalTime } from './calibration-part.js';
import { type IvrBranches, ivrBranches } from './ivr-branches.js';

/**
 * Callers' choices at each gather of the flow `--flow` names (`callers.ivr.choices`), counted from inbound
 * records: hang-ups from the last state, a menu choice from the branch the call took (the skill it queued for,
 * the number it was transferred to, the state it ended in, the survey rating). What the records cannot tell (a
 * retried menu, no input, a branch several choices share) is in the notes.
 */
export class IvrPart implements CalibrationPart {
  private readonly counter: IvrChoiceCounter;
  private readonly branches: IvrBranches;
  private readonly flowId: string;
  private otherFlow = 0;

  constructor(flow: FlowDefinition) {
    this.flowId = flow.id;
    this.branches = ivrBranches(flow);
    this.counter = new IvrChoiceCounter(this.branches.gathers, this.branches.branches);
  }

  add(record: CallRecord, _local?: LocalTime): void {
    if (record.direction !== 'inbound') return;
    if (record.flowId !== this.flowId) {
      this.otherFlow += 1;
      return;
    }
    this.counter.add(record);
  }

  finish(context: CalibrationContext): CalibrationResult {
    const notes = this.branches.untold.map((line) => `ivr choices: ${line}`);
    const choices = perTry(this.counter.result(), this.branches.noInputTries, notes);
    if (this.otherFlow > 0)
      notes.push(`ivr choices: ${this.otherFlow} inbound records ran another flow than ${this.flowId}; not counted.`);
    const period = `${context.source}, ${context.days} days`;
    const entries =
      Object.keys(choices).length === 0
        ? []
        : [
            {
              path: ['callers', 'ivr', 'choices'],
              value: choices,
              comment:
                `${period}: ${this.counter.told} of ${this.counter.seen} inbound ${this.flowId} calls told by their ` +
                'branch (skill, transfer, last state, rating); counts as weights',
            },
          ];
    if (entries.length === 0) notes.push(`ivr choices: no inbound ${this.flowId} record told a choice.`);
    return {
      json: { ivrChoices: { flow: this.flowId, choices, told: this.counter.told, records: this.counter.seen } },
      entries,
      notes,
    };
  }
}

/**
 * Per-call counts as per-try weights where a silent caller hears a gather `t` times (a retry): a call ends
 * unanswered only after `t` tries without input, so the per-try no-input share q is (unanswered calls / calls)^(1/t),
 * and each key's per-try weight is its share of calls × (1 − q) / (1 − q^t). Without this a survey with one retry
 * would be simulated with far fewer silent callers than the line has (q² instead of q).
 */
function perTry(
  choices: Record<string, Record<string, number>>,
  tries: Readonly<Record<string, number>>,
  notes: string[],
): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const [gather, counts] of Object.entries(choices)) {
    const t = tries[gather] ?? 1;
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    const silent = counts.none ?? 0;
    if (t <= 1 || silent === 0 || silent === total) {
      out[gather] = counts;
      continue;
    }
    const q = (silent / total) ** (1 / t);
    const scale = (1 - q) / (1 - q ** t);
    out[gather] = Object.fromEntries(
      Object.entries(counts).map(([choice, n]) => [
        choice,
        Number((choice === 'none' ? q : (n / total) * scale).toFixed(4)),
      ]),
    );
    notes.push(
      `ivr choices: ${gather}: a silent caller hears it ${t} times; ${silent} of ${total} calls without a choice ` +
        `give a per-try no-input share of ${q.toFixed(4)}; weights per try.`,
    );
  }
  return out;
}
