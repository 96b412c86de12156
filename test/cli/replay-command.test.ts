import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'hotline-replay-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[]) {
  return runCli(args);
}

describe('hotline replay', () => {
  it("replays the corpus against each recording's own flow: exit 0, nothing diverges", async () => {
    const { code, out } = await run(['replay', 'recordings', '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report.summary).toMatchObject({ diverged: 0, errors: 0 });
    expect(report.summary.calls).toBeGreaterThanOrEqual(30);
    expect(report.calls.find((c: { file: string }) => c.file.includes('menu-03'))).toMatchObject({
      destination: 'queue:social-insurance',
      expectedDestination: 'queue:social-insurance',
      divergence: null,
    });
  });

  it('exits 1 and names the first differing step when the flow changed under the callers', async () => {
    const { code, out } = await run([
      'replay',
      'recordings/menu-02-key2-enterprise.json',
      'recordings/menu-03-key3-social-insurance.json',
      '--flow',
      'test/fixtures/flows/menu-key3-to-consumer.ts',
    ]);
    expect(code).toBe(1);
    expect(out).toMatch(/menu-02-key2-enterprise\.json: queue:enterprise, .*same as recorded/);
    expect(out).toMatch(
      /menu-03-key3-social-insurance\.json: queue:consumer \(recorded: queue:social-insurance\), .*DIVERGES at step 3 .*recorded queue \(social-insurance\) ← HANGUP, now queue \(consumer\) ← HANGUP/,
    );
    expect(out).toMatch(/2 call\(s\) replayed against flow "hotline-12345-menu": 1 diverged\./);
  });

  it('exits 2 with a clear error for a recording it cannot read, and still replays the others', async () => {
    writeFileSync(join(dir, 'broken.json'), '{"format": "hotline-recording/1"');
    const { code, out, err } = await run([
      'replay',
      join(dir, 'broken.json'),
      'recordings/menu-02-key2-enterprise.json',
    ]);
    expect(code).toBe(2);
    expect(err).toMatch(/HOTLINE_RECORDING_INVALID: .*broken\.json: not valid JSON/);
    expect(out).toMatch(/menu-02-key2-enterprise\.json: .*same as recorded/);
  });
});
