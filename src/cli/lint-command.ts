import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { HotlineError, isHotlineError } from '../errors.js';
import { DEFAULT_BANNED_PHRASES } from '../flow/lint/model/banned-phrases.js';
import { checkFlowStarts } from '../flow/runtime/flow-start-check.js';
import { lintFlow } from '../flow/lint/lint-flow.js';
import { resolveLintOptions } from '../flow/lint/model/lint-options.js';
import { LINT_RULE_IDS, type LintFinding, type LintOptions } from '../flow/lint/model/lint-types.js';
import { loadFlow, shippedFlows } from '../scenario/load-flow.js';
import { readYamlInput, schemaIssuesText } from '../schema-path.js';
import { oneLine } from './cli-error.js';
import { integerOption, numberInRange } from './command-options.js';

/** What `hotline lint` needs from outside. */
export interface LintDeps {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
}

/** The flags of `hotline lint`, as commander gives them. */
export interface LintFlags {
  readonly json?: boolean;
  readonly config?: string;
  readonly maxKeyPresses?: string;
  readonly maxRetries?: string;
  readonly maxPromptSec?: string;
  readonly maxWarnings?: string;
}

/**
 * A lint config file (YAML or JSON), every field optional; snake_case like
 * scenario files. Unknown fields are errors, so a typo does not silently
 * leave a default in place.
 */
const lintConfigSchema = z
  .object({
    max_key_presses: z.number().int().min(0).max(100).optional(),
    max_retries: z.number().int().min(0).max(100).optional(),
    max_prompt_sec: z.number().min(1).max(3600).optional(),
    speech_rate: z
      .object({
        cmn_chars_per_sec: z.number().min(0.1).max(100).optional(),
        en_words_per_sec: z.number().min(0.1).max(100).optional(),
      })
      .strict()
      .optional(),
    /** Replaces the shipped list. */
    banned_phrases: z.array(z.string().trim().min(1)).optional(),
    /** Added to the shipped list (or to `banned_phrases`). */
    extra_banned_phrases: z.array(z.string().trim().min(1)).optional(),
    emergency_numbers: z
      .array(z.string().regex(/^[0-9]+$/, 'a number in digits, e.g. "110"'))
      .min(1)
      .optional(),
    rules: z.partialRecord(z.enum(LINT_RULE_IDS), z.enum(['error', 'warning', 'off'])).optional(),
  })
  .strict();

/**
 * Parses a lint config (YAML text) into lint options. Problems name
 * file:line:col, the field and what is expected, e.g.
 * `lint.yaml:2:18: max_key_presses: Invalid input: expected number, received string`.
 */
export function parseLintConfig(text: string, file: string): Partial<LintOptions> {
  const input = readYamlInput(text, file, 'HOTLINE_LINT_CONFIG_INVALID', true);
  const parsed = lintConfigSchema.safeParse(input.data ?? {});
  if (!parsed.success) {
    const problems = schemaIssuesText(input, file, parsed.error.issues);
    throw new HotlineError(
      'HOTLINE_LINT_CONFIG_INVALID',
      `${problems}\nFields: max_key_presses, max_retries, max_prompt_sec, speech_rate, banned_phrases, extra_banned_phrases, emergency_numbers, rules (${LINT_RULE_IDS.join(', ')}: error | warning | off).`,
    );
  }
  const c = parsed.data;
  const rate = resolveLintOptions().speechRate;
  return {
    maxKeyPresses: c.max_key_presses,
    maxRetries: c.max_retries,
    maxPromptSec: c.max_prompt_sec,
    speechRate: c.speech_rate
      ? {
          cmnCharsPerSec: c.speech_rate.cmn_chars_per_sec ?? rate.cmnCharsPerSec,
          enWordsPerSec: c.speech_rate.en_words_per_sec ?? rate.enWordsPerSec,
        }
      : undefined,
    bannedPhrases:
      c.banned_phrases || c.extra_banned_phrases
        ? [...(c.banned_phrases ?? DEFAULT_BANNED_PHRASES), ...(c.extra_banned_phrases ?? [])]
        : undefined,
    emergencyNumbers: c.emergency_numbers,
    rules: c.rules,
  } as Partial<LintOptions>;
}

function readConfig(spec: string, cwd: string): Partial<LintOptions> {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, spec), 'utf8');
  } catch (error) {
    throw new HotlineError(
      'HOTLINE_LINT_CONFIG_INVALID',
      `Cannot read lint config ${spec}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}. Give the path of a YAML file (see README, "hotline lint").`,
    );
  }
  return parseLintConfig(text, spec);
}

/** The options of one run: defaults, then the config file, then the flags. */
function lintOptions(flags: LintFlags, cwd: string): LintOptions {
  const fromFile = flags.config ? readConfig(flags.config, cwd) : {};
  return resolveLintOptions({
    ...fromFile,
    maxKeyPresses: integerOption(flags.maxKeyPresses, '--max-key-presses', 0, 100) ?? fromFile.maxKeyPresses,
    maxRetries: integerOption(flags.maxRetries, '--max-retries', 0, 100) ?? fromFile.maxRetries,
    maxPromptSec:
      flags.maxPromptSec === undefined
        ? fromFile.maxPromptSec
        : numberInRange(flags.maxPromptSec, '--max-prompt-sec', 1, 3600),
  });
}

/** One flow's result: its findings, or why it could not be linted. */
export type LintEntry =
  | {
      readonly flow: string;
      readonly id: string;
      readonly findings: readonly LintFinding[];
      readonly errors: number;
      readonly warnings: number;
    }
  | { readonly flow: string; readonly error: { readonly code: string; readonly message: string } };

async function lintOne(spec: string, options: LintOptions, cwd: string): Promise<LintEntry> {
  try {
    const flow = await loadFlow(spec, cwd);
    // A flow that throws as a call starts would only show bogus findings (a state with no way on): report why it fails.
    await checkFlowStarts(flow);
    let findings: LintFinding[];
    try {
      findings = lintFlow(flow, options);
    } catch (error) {
      if (isHotlineError(error)) throw error;
      throw new HotlineError(
        'HOTLINE_FLOW_INVALID',
        `Flow "${flow.id}" (${spec}) could not be explored: ${(error as Error).message}`,
        { cause: error },
      );
    }
    const errors = findings.filter((f) => f.severity === 'error').length;
    return { flow: spec, id: flow.id, findings, errors, warnings: findings.length - errors };
  } catch (error) {
    if (!isHotlineError(error)) throw error;
    return { flow: spec, error: { code: error.code, message: error.message } };
  }
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function table(findings: readonly LintFinding[]): string {
  const rows = [
    ['rule', 'severity', 'state', 'message'],
    ...findings.map((f) => [f.rule, f.severity, f.state, f.message]),
  ];
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows
    .map(
      (r) =>
        `  ${r
          .slice(0, 3)
          .map((cell, c) => cell.padEnd(widths[c]!))
          .join('  ')}  ${r[3]}\n`,
    )
    .join('');
}

/**
 * `hotline lint [FLOW...]`: lints each flow (a name in flows/ or a file path;
 * all shipped flows when none is given). Prints a table of findings per flow
 * and a summary, or with `--json` one object
 * `{ flows: [{ flow, id, findings: [{ rule, severity, state, message }], errors, warnings } | { flow, error: { code, message } }], limits, summary: { flows, errors, warnings, failed } }`.
 * Returns the exit code: 2 when a flow could not be loaded or explored, or the
 * config or a flag is invalid (that wins); 1 when any finding is an error, or
 * there are more warnings than `--max-warnings`; else 0.
 */
export async function runLint(flowSpecs: readonly string[], flags: LintFlags, deps: LintDeps): Promise<number> {
  let options: LintOptions;
  let maxWarnings: number | undefined;
  try {
    options = lintOptions(flags, deps.cwd);
    maxWarnings = integerOption(flags.maxWarnings, '--max-warnings', 0, 1_000_000);
  } catch (error) {
    if (!isHotlineError(error)) throw error;
    deps.stderr(`hotline: ${error.code}: ${oneLine(error.message)}\n`);
    return 2;
  }
  const specs = flowSpecs.length > 0 ? flowSpecs : shippedFlows();
  const entries: LintEntry[] = [];
  for (const spec of specs) entries.push(await lintOne(spec, options, deps.cwd));
  const linted = entries.filter((e) => 'findings' in e);
  const summary = {
    flows: entries.length,
    errors: linted.reduce((n, e) => n + e.errors, 0),
    warnings: linted.reduce((n, e) => n + e.warnings, 0),
    failed: entries.length - linted.length,
  };
  if (flags.json) {
    const limits = {
      maxKeyPresses: options.maxKeyPresses,
      maxRetries: options.maxRetries,
      maxPromptSec: options.maxPromptSec,
    };
    deps.stdout(`${JSON.stringify({ flows: entries, limits, summary })}\n`);
  } else {
    for (const e of entries) {
      if ('error' in e) {
        deps.stderr(`hotline: ${e.error.code}: ${oneLine(e.error.message)}\n`);
        continue;
      }
      const name = e.flow === e.id ? e.flow : `${e.flow} (${e.id})`;
      deps.stdout(
        e.findings.length === 0
          ? `${name}: no problems\n`
          : `${name}: ${plural(e.errors, 'error')}, ${plural(e.warnings, 'warning')}\n${table(e.findings)}`,
      );
    }
    deps.stdout(
      `${plural(summary.flows, 'flow')}: ${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}${summary.failed ? `; ${summary.failed} could not be linted` : ''}.\n`,
    );
  }
  if (summary.failed > 0) return 2;
  if (summary.errors > 0) return 1;
  return maxWarnings !== undefined && summary.warnings > maxWarnings ? 1 : 0;
}

/** Registers `hotline lint` on the program; the exit code goes to `result.code`. */
export function registerLintCommand(program: Command, deps: LintDeps, result: { code: number }): void {
  program
    .command('lint')
    .argument('[flow...]', 'flow names in flows/ or file paths (default: every shipped flow)')
    .description(
      'check flows for unreachable states, dead ends, unhandled silence or wrong keys, too many retries, agents out of reach, menus before the emergency notice, missing languages, long prompts and banned phrases',
    )
    .option('--config <file>', 'lint config (YAML): limits, banned phrases, rule severities')
    .option('--max-key-presses <n>', 'most key presses from an IVR menu to an agent (default 2)')
    .option('--max-retries <n>', 'most re-prompts in a row after no input or an invalid input (default 3)')
    .option('--max-prompt-sec <sec>', "longest a state's prompts may take (default 30)")
    .option('--max-warnings <n>', 'exit 1 when there are more warnings than this (default: warnings never fail)')
    .option(
      '--json',
      'print one JSON object: { flows: [{ flow, id, findings, errors, warnings } | { flow, error }], limits, summary }',
    )
    .action(async (specs: string[], flags: LintFlags) => {
      result.code = await runLint(specs, flags, deps);
    });
}
