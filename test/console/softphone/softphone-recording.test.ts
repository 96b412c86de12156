import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import direct from '../../../flows/hotline-12345-direct.js';
import type { LocalCall } from '../../../src/console/line/local-call.js';
import type { LocalLine } from '../../../src/console/line/local-line.js';
import type { SoftphoneCall } from '../../../src/console/softphone/softphone-calls.js';
import { RECORDING_NAME, saveSoftphoneRecording } from '../../../src/console/softphone/softphone-recording.js';
import { DEFAULT_SPEECH_RATE } from '../../../src/flow/prompt-duration.js';
import { readRecording } from '../../../src/replay/recording-files.js';
import { replayRecording } from '../../../src/replay/replay-recording.js';

const dir = mkdtempSync(join(tmpdir(), 'softphone-recording-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An ended call of the direct flow: key 1, then an agent took the caller after 12 s and talked 30 s. */
function endedCall(live = false): SoftphoneCall {
  const call = {
    callSid: `CA${'1'.repeat(32)}`,
    live,
    answers: [{ keys: '1' }, { keys: '5' }],
    queue: { joinedAtSec: 10, leftAtSec: 22, taken: true },
    holdKeys: null,
    events: [{ kind: 'prompt', place: 'call', atSec: 52 }],
  } as unknown as LocalCall;
  return {
    id: call.callSid,
    owner: 's',
    call,
    opened: { line: {} as LocalLine, flow: direct, owned: false, description: '' },
    arrivalMs: Date.UTC(2026, 11, 3, 8, 0, 0),
    language: 'cmn-CN',
    listeners: 0,
    leftTimer: undefined,
    saved: null,
  };
}

describe('saving a softphone call', () => {
  it('writes a hotline-recording/1 pair under a generated name that replays the same way', () => {
    const call = endedCall();
    const saved = saveSoftphoneRecording(call, dir);
    expect(saved.name).toMatch(/^softphone-hotline-12345-direct-20261203-080000-[0-9a-f]{4}$/);
    expect(RECORDING_NAME.test(saved.name)).toBe(true);
    expect(call.saved).toBe(saved.name);
    const recording = readRecording(saved.json);
    expect(recording.metadata.outcome).toBe('answered');
    const replay = replayRecording(recording, direct, { speechRate: DEFAULT_SPEECH_RATE });
    expect(replay.divergence).toBeNull();
  }, 30_000);

  it('refuses a live call, a name that is not plain, and an existing name', () => {
    expect(() => saveSoftphoneRecording(endedCall(true), dir, 'x')).toThrow(/still live/);
    for (const name of ['../x', 'a/b', 'A', '.hidden', 'x.json', '']) {
      expect(() => saveSoftphoneRecording(endedCall(), dir, name), name).toThrow(/lower-case letters/);
    }
    saveSoftphoneRecording(endedCall(), dir, 'same-name');
    expect(() => saveSoftphoneRecording(endedCall(), dir, 'same-name')).toThrow(/already exists/);
    expect(readdirSync(dir).filter((f) => f.startsWith('same-name'))).toEqual(['same-name.json', 'same-name.wav']);
  }, 30_000);
});
