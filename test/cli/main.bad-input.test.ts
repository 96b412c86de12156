import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeMuLawWav } from '../../src/audio/pcm.js';
import { ROOT, runCli } from '../helpers/run-cli.js';
import { aliasBomb, badInputCases, scenarioYaml, type BadInput } from '../fixtures/bad-input-cases.js';
import { busyAndClosedPorts } from '../helpers/ports.js';

/**
 * The CLI fed bad input of every kind, across every command: each case must
 * exit with the documented code (2: bad input) and print exactly one line
 * `hotline: HOTLINE_…: what, where, how to fix` on stderr, never a stack
 * trace, never a hang (absurd sizes are refused up front, so each case is
 * quick), never a silent wrong answer.
 */

const dir = mkdtempSync(join(tmpdir(), 'hotline-bad-input-'));
let releasePorts = async (): Promise<void> => undefined;
let busyPort = 0;
let closedPort = 0;

beforeAll(async () => {
  ({ busyPort, closedPort, release: releasePorts } = await busyAndClosedPorts());
  writeFixtures(dir);
});

afterAll(async () => {
  await releasePorts();
  rmSync(dir, { recursive: true, force: true });
});

/** The files the cases name: bad scenarios, flows, WAVs, recordings and configs, in the temp dir. */
function writeFixtures(at: string): void {
  const w = (name: string, text: string | Uint8Array) => writeFileSync(join(at, name), text);
  w('a-file', 'not a folder');
  w(
    'shares-low.yaml',
    scenarioYaml({
      call_types: [
        { name: 'a', share: 0.5, skill: 'g', handle_sec: { dist: 'exponential', mean: 180 } },
        { name: 'b', share: 0.4, skill: 'g', handle_sec: { dist: 'exponential', mean: 180 } },
      ],
    }),
  );
  w(
    'shares-high.yaml',
    scenarioYaml({
      call_types: [
        { name: 'a', share: 0.7, skill: 'g', handle_sec: { dist: 'exponential', mean: 180 } },
        { name: 'b', share: 0.5, skill: 'g', handle_sec: { dist: 'exponential', mean: 180 } },
      ],
    }),
  );
  w('profile-90.yaml', scenarioYaml({ demand: { calls_per_day: 1000, hourly_profile_pct: Array(24).fill(3.75) } }));
  w('profile-0.yaml', scenarioYaml({ demand: { calls_per_day: 1000, hourly_profile_pct: Array(24).fill(0) } }));
  w('warmup-days.yaml', scenarioYaml({ warmup_minutes: 1440 }));
  w('warmup-calls.yaml', scenarioYaml({ horizon: { calls: 30 }, warmup_minutes: 60 }));
  w('horizon-absurd.yaml', scenarioYaml({ horizon: { calls: 1000 }, demand: { calls_per_hour: 0.0001 } }));
  w('calls-absurd.yaml', scenarioYaml({ horizon: { days: 3000 }, demand: { calls_per_hour: 900000 } }));
  w('rate-absurd.yaml', scenarioYaml({ demand: { calls_per_hour: 1e12 } }));
  w('days-absurd.yaml', scenarioYaml({ horizon: { days: 1e6 } }));
  w(
    'handle-negative.yaml',
    scenarioYaml({ call_types: [{ name: 'a', share: 1, skill: 'g', handle_sec: { dist: 'exponential', mean: -3 } }] }),
  );
  w(
    'handle-huge.yaml',
    scenarioYaml({
      call_types: [{ name: 'a', share: 1, skill: 'g', handle_sec: { dist: 'lognormal', mean: 1e9, cv: 1 } }],
    }),
  );
  w(
    'cv-huge.yaml',
    scenarioYaml({
      call_types: [{ name: 'a', share: 1, skill: 'g', handle_sec: { dist: 'gamma', mean: 100, cv: 1000 } }],
    }),
  );
  w('agents-huge.yaml', scenarioYaml({ pools: [{ name: 'staff', pool: 'in-house', skills: ['g'], agents: 1e7 }] }));
  w('agents-fraction.yaml', scenarioYaml({ pools: [{ name: 'staff', pool: 'in-house', skills: ['g'], agents: 2.5 }] }));
  w(
    'shrinkage.yaml',
    scenarioYaml({ pools: [{ name: 'staff', pool: 'in-house', skills: ['g'], agents: 3, shrinkage: 1 }] }),
  );
  w('replications-zero.yaml', scenarioYaml({ replications: 0 }));
  w('seed-huge.yaml', scenarioYaml({ seed: 1e20 }));
  w('target-sl.yaml', scenarioYaml({ targets: { service_level: 80 } }));
  w(
    'surge-huge.yaml',
    scenarioYaml({
      demand: {
        calls_per_day: 1000,
        hourly_profile_pct: Array(24).fill(100 / 24),
        surges: [{ name: 'x', start_day: 0, days: 1, multiplier: 1e6 }],
      },
    }),
  );
  w('unknown-field.yaml', scenarioYaml({ agnets: 3 }));
  w(
    'unserved-skill.yaml',
    scenarioYaml({
      call_types: [{ name: 'a', share: 1, skill: 'nobody', handle_sec: { dist: 'exponential', mean: 180 } }],
    }),
  );
  w('syntax.yaml', 'name: broken\nhorizon: { days: 1\n');
  w('empty.yaml', '');
  w('big.yaml', `# ${'x'.repeat(1_100_000)}\n`);
  w('alias-bomb.yaml', aliasBomb());
  w(
    'name-escape.yaml',
    scenarioYaml({
      call_types: [
        { name: 'general\u001b[2J\u001b[31m', share: 0.5, skill: 'g', handle_sec: { dist: 'exponential', mean: 180 } },
      ],
    }),
  );
  w('escaped-name.yaml', scenarioYaml({ name: 'city\u001b[2J\u009b31m\u202eevil', horizon: { calls: 50 } }));
  mkdirSync(join(at, 'a-folder.yaml'));
  w('lint-alias-bomb.yaml', aliasBomb());
  w('lint-bad.yaml', 'max_retries: -1\n');
  w('lint-huge-prompt.yaml', 'max_prompt_sec: 1e9\n');
  // Flows: one that throws on import, one without a default export, one whose entry action throws (fails every call).
  w('flow-throws.ts', "throw new Error('boom on import');\n");
  w('flow-no-export.ts', 'export const notAFlow = 1;\n');
  w(
    'flow-entry-throws.ts',
    [
      `import { lintFixture, menuState } from ${JSON.stringify(join(ROOT, 'test/fixtures/flows/lint-clean.ts'))};`,
      "export default lintFixture('entry-throws', { menu: { ...menuState(), entry: () => { throw new Error('entry blew up'); } } });",
    ].join('\n'),
  );
  // WAVs: junk bytes, a cut-short file, one at an unsupported rate.
  w('junk.wav', 'not a wav at all');
  const wav = writeMuLawWav(new Float32Array(8000));
  w('cut.wav', wav.subarray(0, wav.length - 3000));
  const odd = Buffer.from(wav);
  odd.writeUInt32LE(11025, 24);
  odd.writeUInt32LE(11025, 28);
  w('rate.wav', odd);
  // Recordings: metadata that is not JSON, and a good recording copied in.
  w('broken.json', '{ not json');
  copyFileSync(join(ROOT, 'recordings/menu-02-key2-enterprise.json'), join(at, 'menu-02-key2-enterprise.json'));
  copyFileSync(join(ROOT, 'recordings/menu-02-key2-enterprise.wav'), join(at, 'menu-02-key2-enterprise.wav'));
  w('good.yaml', scenarioYaml());
  w('none-flow.yaml', scenarioYaml());
}

const ONE_LINE = /^hotline: HOTLINE_[A-Z_]+: .+$/;

describe('hotline, fed bad input', () => {
  const cases: BadInput[] = badInputCases();

  it('has a table of at least 60 bad inputs across every command', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
    const commands = new Set(cases.map((c) => c.args[0]));
    for (const command of [
      'serve',
      'call',
      'flows',
      'simulate',
      'compare',
      'staff',
      'erlang',
      'analyze',
      'replay',
      'lint',
      'test',
      'load',
      'import',
      'export',
    ])
      expect(commands).toContain(command);
  });

  it.each(cases.map((c) => [c.name, c] as const))(
    '%s',
    async (_name, c) => {
      const args = c.args.map((a) =>
        a.replace('{busyPort}', String(busyPort)).replace('{closedPort}', String(closedPort)),
      );
      const { code, err } = await runCli(args, { cwd: dir, env: c.env ?? {} });
      const lines = err.trimEnd().split('\n');
      expect(lines, err).toHaveLength(1);
      expect(lines[0]).toMatch(ONE_LINE);
      expect(lines[0]).toContain(`hotline: ${c.code}: `);
      expect(lines[0]).toMatch(c.says);
      expect(err).not.toMatch(/\n\s+at /);
      expect(code).toBe(c.exit ?? 2);
    },
    30_000,
  );
});

describe('what is printed from data', () => {
  it('escapes terminal control characters from a scenario in an error line', async () => {
    const { code, err } = await runCli(['simulate', 'name-escape.yaml'], { cwd: dir });
    expect(code).toBe(2);
    expect(err).toContain('general\\u001b[2J\\u001b[31m');
    expect(err).not.toContain('\u001b');
  }, 30_000);

  it('prints a scenario name with escapes visible in a run that succeeds', async () => {
    const { code, out } = await runCli(['simulate', 'escaped-name.yaml', '--replications', '1'], { cwd: dir });
    expect(code).toBe(0);
    expect(out).toContain('city\\u001b[2J\\u009b31m\\u202eevil');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the raw escape characters must not reach the terminal
    expect(out).not.toMatch(/[\u001b\u009b\u202e]/);
  }, 30_000);

  it('keeps --json output valid JSON that gives the name back', async () => {
    const { code, out } = await runCli(['simulate', 'escaped-name.yaml', '--replications', '1', '--json'], {
      cwd: dir,
    });
    expect(code).toBe(0);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the raw escape characters must not reach the terminal
    expect(out).not.toMatch(/[\u001b\u009b\u202e]/);
    expect(JSON.parse(out).scenario).toBe('city\u001b[2J\u009b31m\u202eevil');
  }, 30_000);
});
