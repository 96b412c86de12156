import type { FlowDefinition } from '../flow-definition.js';
import { buildLintModel } from './model/lint-model.js';
import { resolveLintOptions } from './model/lint-options.js';
import type { LintFinding, LintOptions, LintRule } from './model/lint-types.js';
import { agentTooDeep } from './rules/agent-too-deep.js';
import { bannedPhrase } from './rules/banned-phrase.js';
import { deadEnd } from './rules/dead-end.js';
import { menuBeforeEmergencyNotice } from './rules/menu-before-emergency-notice.js';
import { menuInvalidInput } from './rules/menu-invalid-input.js';
import { menuNoInput } from './rules/menu-no-input.js';
import { promptMissingLanguage } from './rules/prompt-missing-language.js';
import { promptTooLong } from './rules/prompt-too-long.js';
import { tooManyRetries } from './rules/too-many-retries.js';
import { unreachableState } from './rules/unreachable-state.js';

/** Every rule, in the order findings are listed (README table, "hotline lint"). */
export const LINT_RULES: readonly LintRule[] = [
  unreachableState,
  deadEnd,
  menuNoInput,
  menuInvalidInput,
  tooManyRetries,
  agentTooDeep,
  menuBeforeEmergencyNotice,
  promptMissingLanguage,
  promptTooLong,
  bannedPhrase,
];

/**
 * Lints a flow without running a call: explores its state graph (inbound
 * and callback leg) and reads its steps. Returns the findings ordered by rule
 * (as in {@link LINT_RULES}), then by state as the flow declares them. Rules
 * set to 'off' in `options.rules` are skipped; others take the severity given
 * there, or their own.
 *
 * @example
 * const findings = lintFlow(flow, { maxKeyPresses: 3 });
 * const failed = findings.some((f) => f.severity === 'error');
 *
 * @throws HotlineError HOTLINE_FLOW_INVALID when the flow cannot be explored (parallel states, an unbounded counter).
 */
export function lintFlow(flow: FlowDefinition, options: Partial<LintOptions> = {}): LintFinding[] {
  const resolved = resolveLintOptions(options);
  const model = buildLintModel(flow);
  const order = new Map(model.states.map((s, i) => [s.id, i]));
  const findings: LintFinding[] = [];
  for (const rule of LINT_RULES) {
    const severity = resolved.rules[rule.id] ?? rule.severity;
    if (severity === 'off') continue;
    const hits = rule
      .check(model, resolved)
      .sort((a, b) => (order.get(a.state) ?? order.size) - (order.get(b.state) ?? order.size));
    for (const hit of hits) findings.push({ rule: rule.id, severity, state: hit.state, message: hit.message });
  }
  return findings;
}
