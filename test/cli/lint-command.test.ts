import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { parseLintConfig } from '../../src/cli/lint-command.js';
import { DEFAULT_BANNED_PHRASES } from '../../src/flow/lint/model/banned-phrases.js';

const dir = mkdtempSync(join(tmpdir(), 'hotline-lint-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[]) {
  return runCli(args);
}

function config(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('hotline lint', () => {
  it('passes the shipped flows (all of them when none is named): exit 0', async () => {
    const { code, out, err } = await run(['lint']);
    expect(code).toBe(0);
    expect(err).toBe('');
    expect(out).toBe(
      'hotline-12345-direct: no problems\nhotline-12345-menu: no problems\n2 flows: 0 errors, 0 warnings.\n',
    );
  });

  it('exits 1 on an error finding and prints a table of rule, severity, state and message', async () => {
    const { code, out } = await run(['lint', 'test/fixtures/flows/lint-dead-end.ts']);
    expect(code).toBe(1);
    expect(out).toMatch(
      /^test\/fixtures\/flows\/lint-dead-end\.ts \(lint-dead-end\): 1 error, 0 warnings\n {2}rule {6}severity {2}state {3}message\n {2}dead-end {2}error {5}office {2}A call in "office"/,
    );
    expect(out).toMatch(/1 flow: 1 error, 0 warnings\.\n$/);
  });

  it('exits 0 on warnings alone, 1 when they pass --max-warnings', async () => {
    expect((await run(['lint', 'test/fixtures/flows/lint-prompt-too-long.ts'])).code).toBe(0);
    expect((await run(['lint', 'test/fixtures/flows/lint-prompt-too-long.ts', '--max-warnings', '0'])).code).toBe(1);
    expect((await run(['lint', 'test/fixtures/flows/lint-prompt-too-long.ts', '--max-warnings', '1'])).code).toBe(0);
  });

  it("--json prints one object with each flow's findings, the limits and a summary", async () => {
    const { code, out } = await run([
      'lint',
      'hotline-12345-menu',
      'test/fixtures/flows/lint-agent-too-deep.ts',
      '--json',
    ]);
    expect(code).toBe(1);
    expect(JSON.parse(out)).toEqual({
      flows: [
        { flow: 'hotline-12345-menu', id: 'hotline-12345-menu', findings: [], errors: 0, warnings: 0 },
        {
          flow: 'test/fixtures/flows/lint-agent-too-deep.ts',
          id: 'lint-agent-too-deep',
          findings: [
            {
              rule: 'agent-too-deep',
              severity: 'error',
              state: 'menu',
              message: expect.stringMatching(/3 key presses/),
            },
          ],
          errors: 1,
          warnings: 0,
        },
      ],
      limits: { maxKeyPresses: 2, maxRetries: 3, maxPromptSec: 30 },
      summary: { flows: 2, errors: 1, warnings: 0, failed: 0 },
    });
  });

  it('limit flags change the result', async () => {
    expect((await run(['lint', 'test/fixtures/flows/lint-agent-too-deep.ts', '--max-key-presses', '3'])).code).toBe(0);
    expect((await run(['lint', 'test/fixtures/flows/lint-too-many-retries.ts', '--max-retries', '5'])).code).toBe(0);
    const { code, out } = await run(['lint', 'hotline-12345-menu', '--max-prompt-sec', '20', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(out).flows[0].findings).toEqual([
      expect.objectContaining({ rule: 'prompt-too-long', severity: 'warning', state: 'menu' }),
    ]);
  });

  it('exits 2 naming the flow it cannot load, and still lints the others', async () => {
    const { code, out, err } = await run(['lint', 'no-such-flow', 'hotline-12345-direct']);
    expect(code).toBe(2);
    expect(err).toMatch(/^hotline: HOTLINE_FLOW_NOT_FOUND: No flow "no-such-flow"/);
    expect(out).toMatch(/hotline-12345-direct: no problems\n2 flows: 0 errors, 0 warnings; 1 could not be linted\.\n/);
  });

  it('exits 2 for a bad flag value', async () => {
    const { code, err } = await run(['lint', '--max-key-presses', 'two']);
    expect(code).toBe(2);
    expect(err).toMatch(/HOTLINE_OPTION_INVALID: --max-key-presses must be a whole number/);
  });
});

describe('hotline lint --config', () => {
  it('applies the file: limits, extra banned phrases and rule severities; flags win over the file', async () => {
    const file = config('lint.yaml', 'max_key_presses: 3\nmax_prompt_sec: 60\nrules:\n  prompt-too-long: error\n');
    const clean = await run([
      'lint',
      'test/fixtures/flows/lint-agent-too-deep.ts',
      'test/fixtures/flows/lint-prompt-too-long.ts',
      '--config',
      file,
    ]);
    expect(clean.code).toBe(0);
    const strict = await run([
      'lint',
      'test/fixtures/flows/lint-prompt-too-long.ts',
      '--config',
      file,
      '--max-prompt-sec',
      '30',
      '--json',
    ]);
    expect(strict.code).toBe(1);
    expect(JSON.parse(strict.out).flows[0].findings).toEqual([
      expect.objectContaining({ rule: 'prompt-too-long', severity: 'error' }),
    ]);
    const banned = await run([
      'lint',
      'hotline-12345-menu',
      '--config',
      config('banned.yaml', 'extra_banned_phrases: ["请稍候"]\n'),
      '--json',
    ]);
    expect(banned.code).toBe(1);
    expect(
      JSON.parse(banned.out).flows[0].findings.map((f: { rule: string; state: string }) => `${f.rule} ${f.state}`),
    ).toEqual([
      'banned-phrase callbackIntro',
      'banned-phrase menuToAgent',
      'banned-phrase caseToAgent',
      'banned-phrase queue',
    ]);
  });

  it('exits 2 with file:line, the field and what is expected for a bad value', async () => {
    const file = config('bad-value.yaml', 'max_retries: 3\nmax_key_presses: two\n');
    const { code, out, err } = await run(['lint', '--config', file]);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(
      /^hotline: HOTLINE_LINT_CONFIG_INVALID: .*bad-value\.yaml:2:18: max_key_presses: Invalid input: expected number, received string/,
    );
  });

  it('rejects an unknown field and an unknown rule id', async () => {
    const { code, err } = await run([
      'lint',
      '--config',
      config('typos.yaml', 'max_retry: 3\nrules:\n  dead-ends: off\n'),
    ]);
    expect(code).toBe(2);
    expect(err).toMatch(/typos\.yaml:1:1: \(top level\): Unrecognized key: "max_retry"/);
    expect(err).toMatch(/rules/);
  });

  it('exits 2 for a config it cannot read or parse', async () => {
    expect((await run(['lint', '--config', join(dir, 'missing.yaml')])).err).toMatch(
      /HOTLINE_LINT_CONFIG_INVALID: Cannot read lint config .*missing\.yaml: ENOENT/,
    );
    const broken = await run(['lint', '--config', config('broken.yaml', 'rules: [unclosed\n')]);
    expect(broken.code).toBe(2);
    expect(broken.err).toMatch(/HOTLINE_LINT_CONFIG_INVALID: .*broken\.yaml:\d+:\d+: not valid YAML/);
  });

  it('banned_phrases replaces the shipped list; extra_banned_phrases adds to it', () => {
    expect(parseLintConfig('banned_phrases: [a, b]\n', 'x.yaml').bannedPhrases).toEqual(['a', 'b']);
    expect(parseLintConfig('extra_banned_phrases: [c]\n', 'x.yaml').bannedPhrases).toEqual([
      ...DEFAULT_BANNED_PHRASES,
      'c',
    ]);
    expect(parseLintConfig('', 'empty.yaml').bannedPhrases).toBeUndefined();
  });
});
