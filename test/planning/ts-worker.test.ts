import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startTsWorker } from '../../src/planning/ts-worker.js';

const dir = mkdtempSync(join(tmpdir(), 'hotline-ts-worker-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('startTsWorker', () => {
  it('runs a TypeScript entry outside the repository with its workerData, answering by message', async () => {
    const entry = join(dir, 'double.mts');
    writeFileSync(
      entry,
      [
        "import { parentPort, workerData } from 'node:worker_threads';",
        'interface Job { readonly n: number }',
        'const job: Job = (workerData as { job: Job }).job;',
        'parentPort!.postMessage(job.n * 2);',
      ].join('\n'),
    );
    const worker = startTsWorker(pathToFileURL(entry), { job: { n: 21 } });
    const answer = await new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    expect(answer).toBe(42);
    await worker.terminate();
  }, 30_000);
});
