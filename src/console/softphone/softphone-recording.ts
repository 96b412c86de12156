import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HotlineError } from '../../errors.js';
import { DEFAULT_SPEECH_RATE } from '../../flow/prompt-duration.js';
import { type PlannedWorld, speechLikeVoice, synthesizeRecording } from '../../replay/synthetic-call.js';
import type { SoftphoneCall } from './softphone-calls.js';

/** A recording's name: lower-case letters, digits and hyphens, 1 to 64 characters, starting with a letter or digit. */
export const RECORDING_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** The name of a saved recording, its two files (NAME.json beside NAME.wav) in the recordings folder. */
export interface SavedRecording {
  readonly name: string;
  readonly json: string;
  readonly wav: string;
}

/** A name from the flow, the arrival (UTC) and 4 random hex digits: softphone-hotline-12345-direct-20261203-164512-a3f0. */
function generatedName(call: SoftphoneCall): string {
  const at = new Date(call.arrivalMs).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const flow = call.opened.flow.id
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .slice(0, 30);
  return `softphone-${flow}-${at}-${randomBytes(2).toString('hex')}`;
}

/** The queue as the call met it, for the scripted call the recording is made from. */
function plannedWorld(call: SoftphoneCall): PlannedWorld {
  const q = call.call.queue;
  if (q === null) return {};
  const waitSec = Math.max(0, (q.leftAtSec ?? q.joinedAtSec) - q.joinedAtSec);
  if (q.taken) {
    const talkEnd = call.call.events.find(
      (e) => (e.kind === 'prompt' && e.place === 'call' && e.atSec > (q.leftAtSec ?? 0)) || e.kind === 'ended',
    );
    const handleSec = Math.max(1, (talkEnd?.atSec ?? q.leftAtSec ?? 0) - (q.leftAtSec ?? 0));
    return { queue: { answerAfterSec: waitSec }, handleSec };
  }
  const key = call.call.holdKeys?.[0];
  if (key !== undefined) return { queue: { callbackAfterSec: waitSec, key } };
  return { queue: { abandonAfterSec: Math.max(1, waitSec) } };
}

/**
 * Saves an ended softphone call as a recording (hotline-recording/1: NAME.json beside NAME.wav) in `dir`: the
 * caller's answers at each gather and the queue as met are replayed through the flow by the project's recording
 * synthesiser (`synthesizeRecording`, the engine `hotline replay` uses), so the saved file replays the same way.
 * `name` is validated (RECORDING_NAME) or generated; an existing recording is never overwritten.
 */
export function saveSoftphoneRecording(call: SoftphoneCall, dir: string, name?: string): SavedRecording {
  if (call.call.live) {
    throw new HotlineError(
      'HOTLINE_SOFTPHONE_NOT_SAVABLE',
      `softphone call ${call.id}: still live; hang up (or let it end) before saving it as a recording.`,
    );
  }
  if (name !== undefined && !RECORDING_NAME.test(name)) {
    throw new HotlineError(
      'HOTLINE_SOFTPHONE_REQUEST_INVALID',
      `recording name "${name.slice(0, 80)}": use 1-64 lower-case letters, digits and hyphens (no dots or slashes).`,
    );
  }
  const chosen = name ?? generatedName(call);
  const seed = call.arrivalMs % 2_147_483_647;
  const recording = synthesizeRecording(
    call.opened.flow,
    { name: chosen, answers: call.call.answers, world: plannedWorld(call) },
    {
      speechRate: DEFAULT_SPEECH_RATE,
      voice: speechLikeVoice(seed),
      seed,
      arrivalAt: new Date(call.arrivalMs).toISOString().replace('Z', '+00:00'),
      audioFile: `${chosen}.wav`,
      callSid: call.call.callSid,
    },
  );
  mkdirSync(dir, { recursive: true });
  const json = join(dir, `${chosen}.json`);
  const wav = join(dir, `${chosen}.wav`);
  try {
    // 'wx': a recording already there (or a file raced in) is never overwritten.
    writeFileSync(wav, recording.wav, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    throw new HotlineError(
      'HOTLINE_SOFTPHONE_NOT_SAVABLE',
      `recording "${chosen}" already exists in the recordings folder; pick another name.`,
    );
  }
  try {
    writeFileSync(json, `${JSON.stringify(recording.metadata, null, 2)}\n`, { flag: 'wx' });
  } catch (error) {
    rmSync(wav, { force: true });
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    throw new HotlineError(
      'HOTLINE_SOFTPHONE_NOT_SAVABLE',
      `recording "${chosen}" already exists in the recordings folder; pick another name.`,
    );
  }
  call.saved = chosen;
  return { name: chosen, json, wav };
}
