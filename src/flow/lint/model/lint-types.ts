import type { SpeechRate } from '../../prompt-duration.js';
import type { LintModel } from './lint-model.js';

/** How bad a finding is: errors make `hotline lint` exit 1, warnings are reported only (unless `--max-warnings`). */
export type LintSeverity = 'error' | 'warning';

/** The rules `lintFlow` runs, by their stable id (README, "hotline lint"). */
export const LINT_RULE_IDS = [
  'unreachable-state',
  'dead-end',
  'menu-no-input',
  'menu-invalid-input',
  'too-many-retries',
  'agent-too-deep',
  'menu-before-emergency-notice',
  'prompt-missing-language',
  'prompt-too-long',
  'banned-phrase',
] as const;

/** A rule's stable id, e.g. 'dead-end'. */
export type LintRuleId = (typeof LINT_RULE_IDS)[number];

/** One problem in a flow: which rule, how bad, the state it is in, and what to do about it. */
export interface LintFinding {
  readonly rule: LintRuleId;
  readonly severity: LintSeverity;
  /** Machine-relative id of the state, e.g. 'menu' or 'menu.retry'. */
  readonly state: string;
  /** What is wrong, where, and how to fix it. */
  readonly message: string;
}

/** Limits and lists the rules check against. Every field has a default ({@link DEFAULT_LINT_OPTIONS}). */
export interface LintOptions {
  /** Most key presses from an IVR menu to a human agent's queue (agent-too-deep). Default 2. */
  readonly maxKeyPresses: number;
  /** Most times a gather may be played again after no input or an invalid input (too-many-retries). Default 3. */
  readonly maxRetries: number;
  /** Longest a state's prompts may take, seconds, at `speechRate` (prompt-too-long). Default 30. */
  readonly maxPromptSec: number;
  /** How fast prompts are spoken; the simulator's default so lint and simulation agree on durations. */
  readonly speechRate: SpeechRate;
  /** Phrases no prompt may contain, any language, case-insensitive (banned-phrase). Default: the shipped starter list. */
  readonly bannedPhrases: readonly string[];
  /** Numbers a prompt must name to be the emergency notice (menu-before-emergency-notice). Default 110, 119, 120, 122. */
  readonly emergencyNumbers: readonly string[];
  /** Severity per rule instead of its default, or 'off' to skip the rule. */
  readonly rules: Readonly<Partial<Record<LintRuleId, LintSeverity | 'off'>>>;
}

/** What a rule reports; `lintFlow` adds the rule id and severity. */
export interface RuleHit {
  readonly state: string;
  readonly message: string;
}

/** A lint rule: its id, default severity, a one-line summary, and the check. */
export interface LintRule {
  readonly id: LintRuleId;
  readonly severity: LintSeverity;
  readonly summary: string;
  check(model: LintModel, options: LintOptions): RuleHit[];
}
