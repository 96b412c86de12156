import { Readable } from 'node:stream';
import type { RecordCursor, RecordPageReader } from '../../store/call-store.js';

/**
 * Records per slice of a streamed page: one keyset query of 100 rows and
 * their JSON take a few tenths of a millisecond, and that is the longest a
 * webhook waits behind GET /admin/calls.
 */
export const PAGE_SLICE_RECORDS = 100;

/**
 * Pause between slices (ms). Not setImmediate: a page streamed back to back
 * keeps the process runnable all the time, and on a shared machine the
 * scheduler then makes a webhook wait for the process's next turn on a core
 * (bench:admin, load average 8–10 on 2 cores: webhook p99 94–124 ms during
 * paging against 69 ms with this pause, one run each). Pausing ~1 ms after each ~0.7 ms
 * slice gives the CPU away; the cost is at most 1 ms per 100 records (10 s
 * more for a million on an idle machine), and admin listing is the work that
 * can wait.
 */
export const PAGE_SLICE_PAUSE_MS = 1;

/**
 * The body of one GET /admin/calls page, `{"calls":[…],"nextCursor":…}`,
 * byte for byte what `JSON.stringify` of the whole page gives, produced a
 * slice at a time: each slice is read from the store, serialised and pushed,
 * then the event loop runs pending I/O and sleeps PAGE_SLICE_PAUSE_MS before
 * the next slice is read, so a webhook arriving mid-page waits for at most
 * one slice, not for the page.
 *
 * Reads only as fast as the client takes the bytes (backpressure), and stops
 * reading when the stream is destroyed (fastify destroys it when the client
 * disconnects). A store failure after the first bytes cannot change the
 * status any more: the stream is destroyed with the error, fastify logs it and
 * cuts the connection, so the client gets a truncated body that does not
 * parse as JSON, never a page that looks complete. A failure on the first
 * slice happens before any byte is sent and is answered as a normal error.
 */
export class RecordPageStream extends Readable {
  private slices = 0;
  /** True once a record has been written: every later record needs a comma before it. */
  private wrote = false;

  /** `encodeCursor` turns the page's `next` into the `nextCursor` string. */
  constructor(
    private readonly reader: RecordPageReader,
    private readonly encodeCursor: (cursor: RecordCursor) => string,
  ) {
    super();
  }

  /** Node calls this again only after a push: one slice per call. */
  override _read(): void {
    void this.slice();
  }

  private async slice(): Promise<void> {
    try {
      // The first slice goes out at once; the others after pending I/O (a webhook) has had its turn.
      if (this.slices > 0) await new Promise((resolve) => setTimeout(resolve, PAGE_SLICE_PAUSE_MS));
      if (this.destroyed) return;
      const records = await this.reader.read(PAGE_SLICE_RECORDS);
      if (this.destroyed) return;
      let text = this.slices === 0 ? '{"calls":[' : '';
      for (const record of records) {
        text += `${this.wrote ? ',' : ''}${JSON.stringify(record)}`;
        this.wrote = true;
      }
      this.slices += 1;
      if (!this.reader.done) {
        // An empty slice (a filtered scan that matched nothing) pushes nothing: read on without waiting for the consumer.
        if (text.length === 0) return void this.slice();
        this.push(text);
        return;
      }
      const next = this.reader.next;
      this.push(`${text}],"nextCursor":${JSON.stringify(next === null ? null : this.encodeCursor(next))}}`);
      this.push(null);
    } catch (error) {
      this.destroy(error as Error);
    }
  }
}
