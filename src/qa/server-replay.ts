import type { CallRecord } from '../record/call-record.js';
import type { Recording } from '../replay/recording-files.js';
import { CompiledFlow } from '../flow/runtime/compiled-flow.js';
import { SILENT_CALLER } from '../twilio/emulator/caller-script.js';
import { TwilioEmulator } from '../twilio/emulator/twilio-emulator.js';
import { adminClient, listAllCalls, type ServerUnderTest } from './admin-client.js';
import { RecordingScript } from './recording-script.js';

/** One recorded call replayed against a live server. */
export interface ServerReplayResult {
  readonly file: string;
  readonly callSid: string;
  /** The recording's outcome, to compare with `record.outcome`. */
  readonly expectedOutcome: string | null;
  /** The record the server wrote for the replayed call (KPIs can be computed from these), or null if it wrote none. */
  readonly record: CallRecord | null;
  /** Set when the call could not be replayed (e.g. a callback leg, which needs a booked callback). */
  readonly skipped?: string;
}

/** The server the recordings are replayed against. */
export type ServerReplayOptions = ServerUnderTest;

const AGENT = { id: '80139998', phone: '+8613900009998' };

/**
 * Replays recorded callers through the emulator against a running server, one
 * at a time: each presses and says what its recording shows at the gathers
 * the server sends, and a test agent takes it from the queue after the
 * recorded wait. The server's call record outcome is compared with the
 * recording's. Callback legs are skipped (they start from a booked callback).
 */
export async function replayAgainstServer(
  recordings: readonly Recording[],
  options: ServerReplayOptions,
): Promise<ServerReplayResult[]> {
  const { flow, baseUrl } = options;
  const agent = options.agent ?? AGENT;
  const admin = adminClient(baseUrl, options.adminToken);
  /** Puts the test agent on the server, logged on (`active`) or off. */
  const putAgent = ({ active }: { readonly active: boolean }) =>
    admin('PUT', `/admin/agents/${agent.id}`, {
      name: 'hotline replay agent',
      phone: agent.phone,
      skills: [...flow.skills],
      pool: 'in-house',
      active,
    });
  await putAgent({ active: true });
  const compiled = new CompiledFlow(flow);
  const scripts = new Map<string, RecordingScript>();
  const emulator = new TwilioEmulator({
    authToken: options.authToken,
    clock: options.clock,
    seed: `hotline-replay:${flow.id}`,
    ...(options.publicUrl ? { rewrite: { actual: baseUrl, public: options.publicUrl } } : {}),
    world: (_to, wait) => scripts.get(wait.callSid)?.dialAnswer() ?? { status: 'completed', ringSec: 3, talkSec: 30 },
  });
  const results: { file: string; callSid: string; expected: string | null; skipped?: string }[] = [];
  for (const recording of recordings) {
    const { metadata } = recording;
    if (metadata.direction === 'callback') {
      results.push({
        file: recording.file,
        callSid: '',
        expected: metadata.outcome,
        skipped: 'a callback leg starts from a booked callback',
      });
      continue;
    }
    const callSid = emulator.nextCallSid();
    const agents: Promise<unknown>[] = [];
    const script = new RecordingScript(recording, compiled, {
      onAgentNeeded: (afterSec, talkSec) => {
        agents.push(
          options.clock.sleep(afterSec).then(() =>
            emulator.placeCall({
              url: `${baseUrl}/agent/voice`,
              from: agent.phone,
              to: '+8653112345',
              script: { ...SILENT_CALLER, talkSec: () => talkSec },
              statusCallback: `${baseUrl}/voice/status`,
            }),
          ),
        );
      },
    });
    scripts.set(callSid, script);
    await emulator.placeCall(
      {
        url: `${baseUrl}/voice`,
        from: '+8613800138000',
        to: '+8653112345',
        script,
        statusCallback: `${baseUrl}/voice/status`,
        timeLimitSec: metadata.durationSec + 600,
      },
      callSid,
    );
    await Promise.all(agents);
    scripts.delete(callSid);
    results.push({ file: recording.file, callSid, expected: metadata.outcome });
  }
  await putAgent({ active: false });
  const records = await listAllCalls(admin);
  const bySid = new Map(records.map((r) => [r.callSid, r]));
  return results.map(({ file, callSid, expected, skipped }) => ({
    file,
    callSid,
    expectedOutcome: expected,
    record: bySid.get(callSid) ?? null,
    ...(skipped ? { skipped } : {}),
  }));
}
