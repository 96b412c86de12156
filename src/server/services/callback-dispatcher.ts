import { HotlineError } from '../../errors.js';
import type { CallbackRequest, CallStore } from '../../store/call-store.js';

/** The part of the Twilio REST client the dispatcher uses (twilio's own client satisfies it). */
export interface TwilioCallsClient {
  readonly calls: {
    create(options: {
      to: string;
      from: string;
      url: string;
      method: 'POST';
      statusCallback: string;
      statusCallbackMethod: 'POST';
    }): Promise<{ sid: string }>;
  };
}

/** Settings for placing callbacks. */
export interface CallbackDispatcherOptions {
  readonly store: CallStore;
  /** Null when Twilio credentials are absent: callbacks then stay pending. */
  readonly client: TwilioCallsClient | null;
  /** The hotline's own number, shown to the citizen. */
  readonly fromNumber: string | null;
  /** Public base URL Twilio reaches the server at, e.g. 'https://hotline.example.cn'. */
  readonly publicUrl: string;
  /** Attempts before a callback is given up (and its number erased). */
  readonly maxAttempts: number;
  /** Seconds between attempts. */
  readonly retryAfterSec: number;
  /** Seconds to wait for a placed callback's outcome before trying again. */
  readonly answerTimeoutSec: number;
  /**
   * Seconds after its due time a callback's number is erased, whether or not
   * the callback was placed (Twilio configured or not); a pending one then fails.
   */
  readonly retentionSec: number;
}

/** What one dispatch round did. */
export interface DispatchReport {
  readonly placed: string[];
  readonly retried: string[];
  readonly failed: string[];
}

/**
 * Places due callbacks through the Twilio REST API (`calls.create`). A failed
 * attempt keeps the callback pending and retries later; after `maxAttempts`
 * it is marked failed and the stored number is erased.
 */
export class CallbackDispatcher {
  private readonly options: CallbackDispatcherOptions;
  private running = false;

  constructor(options: CallbackDispatcherOptions) {
    this.options = options;
  }

  /** True when callbacks can be placed. */
  get enabled(): boolean {
    return this.options.client !== null && this.options.fromNumber !== null;
  }

  /**
   * Places every pending callback due at `nowSec`. A callback already placed
   * waits for its call's outcome (the status callback), and is retried if none
   * comes within `answerTimeoutSec`. Rounds never overlap.
   */
  async runDue(nowSec: number): Promise<DispatchReport> {
    const report: DispatchReport = { placed: [], retried: [], failed: [] };
    const { client, fromNumber, store, publicUrl } = this.options;
    if (!client || !fromNumber) {
      throw new HotlineError(
        'HOTLINE_TWILIO_NOT_CONFIGURED',
        'Cannot place callbacks: set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and HOTLINE_NUMBER (the hotline number callbacks come from).',
      );
    }
    if (this.running) return report;
    this.running = true;
    try {
      for (const callback of await store.listCallbacks('pending')) {
        if (callback.placedCallSid !== null) {
          if (nowSec - callback.dueSec >= this.options.answerTimeoutSec)
            await this.retryOrFail(callback, nowSec, 'no call outcome reported', report);
          continue;
        }
        if (callback.dueSec > nowSec || callback.number === null) continue;
        try {
          const call = await client.calls.create({
            to: callback.number,
            from: fromNumber,
            url: `${publicUrl}/callback/answer?id=${encodeURIComponent(callback.id)}`,
            method: 'POST',
            statusCallback: `${publicUrl}/voice/status`,
            statusCallbackMethod: 'POST',
          });
          await store.putCallback({
            ...callback,
            attempts: callback.attempts + 1,
            placedCallSid: call.sid,
            lastError: null,
            dueSec: nowSec,
          });
          report.placed.push(callback.id);
        } catch (error) {
          // Keep only Twilio's code and status: its messages can quote the number, which must not outlive the callback.
          const { code, status } = error as { code?: number; status?: number };
          await this.retryOrFail(
            callback,
            nowSec,
            `calls.create failed (Twilio error ${code ?? 'unknown'}, HTTP ${status ?? 'none'})`,
            report,
          );
        }
      }
    } finally {
      this.running = false;
    }
    return report;
  }

  /**
   * Erases the numbers of callbacks due more than `retentionSec` before
   * `nowSec`: a number is kept only as long as it can serve its callback.
   * Runs whether or not callbacks can be placed. Returns how many were erased.
   */
  async eraseExpiredNumbers(nowSec: number): Promise<number> {
    const { retentionSec, store } = this.options;
    return store.eraseCallbackNumbers(
      nowSec - retentionSec,
      `number erased ${retentionSec} s after the callback was due (retention)`,
    );
  }

  /**
   * The status callback of a call no session knows: if it is a placed
   * callback's call, the citizen did not answer (`status`: busy, no-answer,
   * failed…) and the callback is retried or fails. False when no pending
   * callback placed that call.
   */
  async placedCallEnded(
    callSid: string,
    ended: { readonly nowSec: number; readonly status: string },
  ): Promise<boolean> {
    const placed = (await this.options.store.listCallbacks('pending')).find((c) => c.placedCallSid === callSid);
    if (!placed) return false;
    await this.unanswered(placed, ended.nowSec, ended.status);
    return true;
  }

  /** Called when a placed callback was not answered (busy, no-answer, failed). */
  async unanswered(callback: CallbackRequest, nowSec: number, status: string): Promise<void> {
    await this.retryOrFail(callback, nowSec, `the citizen did not answer (${status})`, {
      placed: [],
      retried: [],
      failed: [],
    });
  }

  private async retryOrFail(
    callback: CallbackRequest,
    nowSec: number,
    reason: string,
    report: DispatchReport,
  ): Promise<void> {
    const attempts = callback.placedCallSid === null ? callback.attempts + 1 : callback.attempts;
    if (attempts >= this.options.maxAttempts) {
      await this.options.store.putCallback({
        ...callback,
        attempts,
        status: 'failed',
        number: null,
        placedCallSid: null,
        lastError: reason,
      });
      report.failed.push(callback.id);
    } else {
      await this.options.store.putCallback({
        ...callback,
        attempts,
        dueSec: nowSec + this.options.retryAfterSec,
        placedCallSid: null,
        lastError: reason,
      });
      report.retried.push(callback.id);
    }
  }
}
