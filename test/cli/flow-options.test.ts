import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/run-cli.js';

// Data files (scenarios, recordings) name flows by id; a flow file is code, and a data file naming one by path must not run it.
const root = mkdtempSync(join(tmpdir(), 'hotline-flow-paths-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let serial = 0;
/** A fresh folder with a flow file that leaves `ran.marker` beside itself when imported (and is otherwise the direct flow). */
function evilFolder(name = 'evil.ts'): { dir: string; flowFile: string; marker: string } {
  const dir = join(root, `case-${(serial += 1)}`);
  mkdirSync(dir, { recursive: true });
  const marker = join(dir, 'ran.marker');
  const flowFile = join(dir, name);
  writeFileSync(
    flowFile,
    [
      "import { writeFileSync } from 'node:fs';",
      `import flow from ${JSON.stringify(pathToFileURL(join(ROOT, 'flows/hotline-12345-direct.ts')).href)};`,
      `writeFileSync(${JSON.stringify(marker)}, 'this flow file ran');`,
      'export default flow;',
      '',
    ].join('\n'),
  );
  return { dir, flowFile, marker };
}

function scenario(dir: string, flow: string): string {
  const file = join(dir, 'scenario.yaml');
  writeFileSync(
    file,
    `name: flow paths
flow: ${JSON.stringify(flow)}
horizon: { calls: 20 }
demand: { calls_per_hour: 100 }
call_types: [{ name: g, share: 1, skill: general, handle_sec: { dist: exponential, mean: 100 } }]
pools: [{ name: a, pool: in-house, skills: [general, foreign-language], agents: 5 }]
`,
  );
  return file;
}

/** A copy of a corpus recording (JSON + WAV) in `dir` whose flowId is `flowId`. */
function recording(dir: string, flowId: string): string {
  const name = 'direct-01-english-key9';
  copyFileSync(join(ROOT, 'recordings', `${name}.wav`), join(dir, `${name}.wav`));
  const metadata = JSON.parse(readFileSync(join(ROOT, 'recordings', `${name}.json`), 'utf8')) as { flowId: string };
  metadata.flowId = flowId;
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(metadata));
  return file;
}

const simulate = (file: string, ...flags: string[]) =>
  runCli(['simulate', file, '--replications', '1', '--json', ...flags], { cwd: root });

describe('a scenario naming its flow by path', () => {
  const cases: [string, (evil: ReturnType<typeof evilFolder>) => string, RegExp][] = [
    ['./evil.ts', () => './evil.ts', /"\.\/evil\.ts" is a file path/],
    ['evil.ts', () => 'evil.ts', /"evil\.ts" is a file path/],
    ['../x/evil.ts', (e) => `../${e.dir.split('/').pop()}/evil.ts`, /is a file path/],
    ['an absolute path', (e) => e.flowFile, /is an absolute path/],
    ['a file: URL', (e) => pathToFileURL(e.flowFile).href, /is a URL/],
    ['a data: URL', () => "data:text/javascript,import('node:fs').then((fs)=>fs.writeFileSync('x','y'))", /is a URL/],
    ['a name that is no id', () => 'Evil Flow', /"Evil Flow" is not a flow id/],
  ];
  it.each(cases)(
    'is refused with a one-line coded error, and the flow file never runs: %s',
    async (_label, ref, says) => {
      const evil = evilFolder();
      const { code, err, out } = await simulate(scenario(evil.dir, ref(evil)));
      expect(code).toBe(2);
      expect(out).toBe('');
      expect(err).toMatch(/^hotline: HOTLINE_FLOW_PATH_REFUSED: .*scenario\.yaml:2:7: flow: /);
      expect(err).toMatch(says);
      expect(err).toContain('--allow-flow-paths');
      expect(err.trim().split('\n')).toHaveLength(1);
      expect(existsSync(evil.marker)).toBe(false);
    },
  );

  it('runs with --allow-flow-paths, the path taken relative to the scenario file (not the working folder)', async () => {
    const evil = evilFolder();
    const { code, err, out } = await simulate(scenario(evil.dir, './evil.ts'), '--allow-flow-paths');
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(out).kpis.offered).toBeGreaterThan(0);
    expect(existsSync(evil.marker)).toBe(true);
  }, 60_000);

  it('still refuses a URL with --allow-flow-paths: only files can be flows', async () => {
    const evil = evilFolder();
    const { code, err } = await simulate(scenario(evil.dir, pathToFileURL(evil.flowFile).href), '--allow-flow-paths');
    expect(code).toBe(2);
    expect(err).toMatch(/HOTLINE_FLOW_PATH_REFUSED: .*is a URL; .*give a file path instead/);
    expect(existsSync(evil.marker)).toBe(false);
  });

  it('finds a flow id in --flows DIR, and only there', async () => {
    const evil = evilFolder('my-flow.ts');
    const file = scenario(join(root), 'my-flow');
    const missing = await simulate(file);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(
      /HOTLINE_FLOW_NOT_FOUND: .*scenario\.yaml:2:7: flow: no flow "my-flow" in .*flows \(it has: hotline-12345-direct, hotline-12345-menu\); .*--flows DIR/,
    );
    expect(existsSync(evil.marker)).toBe(false);
    const found = await simulate(file, '--flows', evil.dir);
    expect(found.err).toBe('');
    expect(found.code).toBe(0);
    expect(existsSync(evil.marker)).toBe(true);
  }, 60_000);

  it('says so when --flows names no folder', async () => {
    const { code, err } = await simulate(scenario(root, 'hotline-12345-direct'), '--flows', 'no-such-folder');
    expect(code).toBe(2);
    expect(err).toMatch(/HOTLINE_FILE_ACCESS: --flows no-such-folder: no such folder/);
  });
});

describe('a recording naming its flow by path', () => {
  it('is refused for that recording (exit 2), and the flow file never runs', async () => {
    const evil = evilFolder();
    const file = recording(evil.dir, './evil.ts');
    const { code, err } = await runCli(['replay', file], { cwd: root });
    expect(code).toBe(2);
    expect(err).toMatch(
      /HOTLINE_FLOW_PATH_REFUSED: .*direct-01-english-key9\.json: flowId: "\.\/evil\.ts" is a file path; .*--allow-flow-paths/,
    );
    expect(existsSync(evil.marker)).toBe(false);
  });

  it('is refused by `replay --url` before any server is reached', async () => {
    const evil = evilFolder();
    const file = recording(evil.dir, join(evil.dir, 'evil.ts'));
    const { code, err } = await runCli(['replay', file, '--url', 'http://127.0.0.1:9'], { cwd: root });
    expect(code).toBe(2);
    expect(err).toMatch(/HOTLINE_FLOW_PATH_REFUSED: .*flowId: .* is an absolute path/);
    expect(existsSync(evil.marker)).toBe(false);
  });

  it('replays with --allow-flow-paths, relative to the recording', async () => {
    const evil = evilFolder();
    const file = recording(evil.dir, './evil.ts');
    const { code, out, err } = await runCli(['replay', file, '--allow-flow-paths'], { cwd: root });
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toMatch(/direct-01-english-key9\.json: .*same as recorded/);
    expect(existsSync(evil.marker)).toBe(true);
  });

  it("resolves a recording's flow id in --flows DIR", async () => {
    const evil = evilFolder('my-direct.ts');
    const file = recording(evil.dir, 'my-direct');
    const missing = await runCli(['replay', file], { cwd: root });
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/HOTLINE_FLOW_NOT_FOUND: .*flowId: no flow "my-direct"/);
    expect(existsSync(evil.marker)).toBe(false);
    const found = await runCli(['replay', file, '--flows', evil.dir], { cwd: root });
    expect(found.code).toBe(0);
    expect(existsSync(evil.marker)).toBe(true);
  });

  it('still takes a flow path the user gives with --flow', async () => {
    const evil = evilFolder();
    const file = recording(evil.dir, 'hotline-12345-direct');
    const { code } = await runCli(['replay', file, '--flow', evil.flowFile], { cwd: root });
    expect(code).toBe(0);
    expect(existsSync(evil.marker)).toBe(true);
  });
});
