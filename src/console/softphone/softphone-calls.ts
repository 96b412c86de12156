import { HotlineError } from '../../errors.js';
import type { LocalCall } from '../line/local-call.js';
import type { OpenedLine } from './softphone-line.js';

/** Softphone calls live at once, across all pages of a server. */
export const SOFTPHONE_MAX_CALLS = 4;
/** The longest a softphone call lasts, seconds (then it ends as Twilio's TimeLimit ends a call). */
export const SOFTPHONE_MAX_CALL_SEC = 1800;
/** Milliseconds a call may go without a page listening to it (none connected, or the last one left) before it is hung up. */
export const SOFTPHONE_LEFT_MS = 20_000;
/** Ended calls kept for saving (older ones are forgotten first). */
export const SOFTPHONE_KEPT_ENDED = 16;

/** A softphone call: who placed it, on which line, and the pages listening to it. */
export interface SoftphoneCall {
  readonly id: string;
  /** The console session that placed it (only that session may see, drive or save it). */
  readonly owner: string;
  readonly call: LocalCall;
  readonly opened: OpenedLine;
  /** Arrival, ms since the epoch on the line's clock. */
  readonly arrivalMs: number;
  /** The language the page asked for (the caption's default, the recording's language). */
  readonly language: string;
  listeners: number;
  leftTimer: NodeJS.Timeout | undefined;
  /** File name (without extension) once saved. */
  saved: string | null;
}

/**
 * The softphone's calls: at most SOFTPHONE_MAX_CALLS live, each visible only to the session that placed it, hung
 * up when no page has listened for SOFTPHONE_LEFT_MS; ended calls are kept (SOFTPHONE_KEPT_ENDED) to be saved.
 */
export class SoftphoneCalls {
  private readonly calls = new Map<string, SoftphoneCall>();
  private readonly leftMs: number;
  private reserved = 0;

  constructor(leftMs = SOFTPHONE_LEFT_MS) {
    this.leftMs = leftMs;
  }

  /**
   * Reserves the place of a call being set up, synchronously (before any await): HOTLINE_SOFTPHONE_BUSY when live
   * and reserved calls fill SOFTPHONE_MAX_CALLS. Returns the release (idempotent), called once the call is added or
   * failed.
   */
  reserve(): () => void {
    const live = [...this.calls.values()].filter((c) => c.call.live).length + this.reserved;
    if (live >= SOFTPHONE_MAX_CALLS) {
      throw new HotlineError(
        'HOTLINE_SOFTPHONE_BUSY',
        `POST /console/api/softphone/calls: ${live} softphone calls are live, the most at once (SOFTPHONE_MAX_CALLS); hang one up first.`,
      );
    }
    this.reserved += 1;
    let held = true;
    return () => {
      if (held) this.reserved -= 1;
      held = false;
    };
  }

  /**
   * Places a call: reserves its place, opens its line (`open`), dials (`dial`) and keeps it (see add). On a failure
   * the place is released, and a line opened for this call (`owned`) is closed before the error is thrown.
   */
  async place(
    open: () => Promise<OpenedLine>,
    dial: (opened: OpenedLine) => LocalCall,
    o: { readonly owner: string; readonly language: string },
  ): Promise<SoftphoneCall> {
    const release = this.reserve();
    try {
      const opened = await open();
      try {
        const arrivalMs = opened.line.clock.now();
        const call = dial(opened);
        return this.add({ id: call.callSid, owner: o.owner, call, opened, arrivalMs, language: o.language });
      } catch (error) {
        if (opened.owned) await opened.line.close().catch(() => undefined);
        throw error;
      }
    } finally {
      release();
    }
  }

  /** Keeps a new call; it is hung up if no page listens within SOFTPHONE_LEFT_MS. */
  add(entry: Omit<SoftphoneCall, 'listeners' | 'leftTimer' | 'saved'>): SoftphoneCall {
    const call: SoftphoneCall = { ...entry, listeners: 0, leftTimer: undefined, saved: null };
    this.calls.set(call.id, call);
    this.armLeft(call);
    void call.call.done.then(async () => {
      clearTimeout(call.leftTimer);
      if (call.opened.owned) await call.opened.line.close().catch(() => undefined);
      this.forgetOld();
    });
    return call;
  }

  /** The call `id` of `owner`; HOTLINE_SOFTPHONE_CALL_UNKNOWN for any other (a call of another session too). */
  get(owner: string, id: string): SoftphoneCall {
    const call = this.calls.get(id);
    if (!call || call.owner !== owner) {
      throw new HotlineError(
        'HOTLINE_SOFTPHONE_CALL_UNKNOWN',
        `softphone call ${id.slice(0, 40)}: no such call of this session (placed from another sign-in, or forgotten).`,
      );
    }
    return call;
  }

  /** A page listens to the call: it is not hung up for being left. Returns the function that stops listening. */
  attach(call: SoftphoneCall): () => void {
    call.listeners += 1;
    clearTimeout(call.leftTimer);
    call.leftTimer = undefined;
    let attached = true;
    return () => {
      if (!attached) return;
      attached = false;
      call.listeners -= 1;
      if (call.listeners === 0) this.armLeft(call);
    };
  }

  /** Hangs up every live call and waits for them to end (the server closes). */
  async close(): Promise<void> {
    const all = [...this.calls.values()];
    for (const c of all) {
      clearTimeout(c.leftTimer);
      c.call.hangUp();
    }
    await Promise.allSettled(all.map((c) => c.call.done));
  }

  private armLeft(call: SoftphoneCall): void {
    if (!call.call.live) return;
    clearTimeout(call.leftTimer);
    call.leftTimer = setTimeout(() => call.call.hangUp(), this.leftMs);
    call.leftTimer.unref();
  }

  private forgetOld(): void {
    const ended = [...this.calls.values()].filter((c) => !c.call.live);
    for (const old of ended.slice(0, Math.max(0, ended.length - SOFTPHONE_KEPT_ENDED))) {
      this.calls.delete(old.id);
      if (!old.opened.owned) old.opened.line.forget(old.id);
    }
  }
}
