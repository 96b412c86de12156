import type { CallerAnswer, GatherWindow } from '../gather-rules.js';

/**
 * The caller of a flow-level run ("what does the caller do at this gather"):
 * the one caller interface of runs that drive a `FlowCall` in virtual time
 * (`runVirtualCall`: replay, the synthetic corpus). Implementations: the
 * recorded caller (`RecordedCaller`, replay/), the scripted caller of a call
 * plan (synthetic-call.ts). How long the caller stays in a queue is the
 * caller's `hangupSec`, which the `World` of the run reads when it ends the
 * queue with the caller's hang-up.
 *
 * Callers on the emulator see TwiML, not flow states: they implement the
 * emulator's `CallerScript` (twilio/emulator/caller-script.ts), and
 * `RecordingScript` (qa/) adapts a `Caller` and a `World` to it.
 */
export interface Caller {
  /** The call entered `state` at `atSec` (a caller following a recording re-aligns its timing there). */
  entered(state: string, atSec: number): void;
  /** The caller's answer to a gather opened at `gather.openSec` (call time): keys, speech, or no input. */
  atGather(gather: GatherWindow): CallerAnswer;
  /** Call time at which the caller hangs up; Infinity if they stay until the flow ends the call. */
  hangupSec(): number;
}
