import type { CallRecord } from '../record/call-record.js';
import type { CallStore, RecordCursor } from './call-store.js';

/** Records read per page by visitRecords: one keyset query each, so a long window never sits in memory whole. */
export const VISIT_PAGE_RECORDS = 1000;

/**
 * Hands every record of the store arriving in [fromSec, toSec) to `visit`, in arrival order, a page of
 * `pageRecords` at a time (the store's keyset pages): what the live feed's, the wallboard's and the flow view's
 * start-up reads share.
 */
export async function visitRecords(
  store: CallStore,
  window: { readonly fromSec: number; readonly toSec: number },
  visit: (record: CallRecord) => void,
  pageRecords = VISIT_PAGE_RECORDS,
): Promise<void> {
  let after: RecordCursor | null = null;
  do {
    const page = await store.listRecordsPage({
      after,
      limit: pageRecords,
      fromSec: window.fromSec,
      toSec: window.toSec,
    });
    for (const record of page.records) visit(record);
    after = page.next;
  } while (after !== null);
}
