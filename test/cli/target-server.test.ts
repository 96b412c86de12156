import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { spawnListening } from '../../src/cli/target-server.js';

describe('spawnListening', () => {
  it('says HOTLINE_SERVER_START_FAILED with the exit code when the server process ends before it listens', async () => {
    const args = ['-e', 'process.exit(3)'];
    await expect(spawnListening(args, {}, tmpdir(), 'a test server')).rejects.toMatchObject({
      code: 'HOTLINE_SERVER_START_FAILED',
      message: expect.stringMatching(/^Could not start a test server: it exited with code 3\n/),
    });
  });
});
