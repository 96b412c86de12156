import { DEFAULT_SPEECH_RATE } from '../../prompt-duration.js';
import { DEFAULT_BANNED_PHRASES } from './banned-phrases.js';
import type { LintOptions } from './lint-types.js';

/**
 * The defaults, and why:
 * - `maxKeyPresses` 2: the reference's QA hook "menu depth ≤ 2" (hotline-12345.md §5(c)); long
 *   trees ("数字迷宫") are why cities removed their menus.
 * - `maxRetries` 3: the generic IVR rule "shallow menus, at most 3 retries" cited in §5(c).
 * - `maxPromptSec` 30: the 12328 line's whole average wait, navigation prompts included, is
 *   about 30 s (§1.4), and GB/T 33358 wants calls answered within 15 s; one state talking
 *   longer than that on its own is a prompt to cut. The shipped flows' longest is 22 s
 *   (the English menu).
 * - `speechRate`: the simulator's (4.5 Mandarin characters, 2.6 English words per second).
 * - `emergencyNumbers`: the lines 12345 must hand emergencies to (国办发〔2020〕53号, 国办函〔2025〕66号).
 */
export const DEFAULT_LINT_OPTIONS: LintOptions = {
  maxKeyPresses: 2,
  maxRetries: 3,
  maxPromptSec: 30,
  speechRate: DEFAULT_SPEECH_RATE,
  bannedPhrases: DEFAULT_BANNED_PHRASES,
  emergencyNumbers: ['110', '119', '120', '122'],
  rules: {},
};

/** The defaults with `options` laid over them. */
export function resolveLintOptions(options: Partial<LintOptions> = {}): LintOptions {
  const defined = Object.fromEntries(
    Object.entries(options).filter(([, v]) => v !== undefined),
  ) as Partial<LintOptions>;
  return { ...DEFAULT_LINT_OPTIONS, ...defined };
}
