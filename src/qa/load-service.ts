import { setTimeout as sleep } from 'node:timers/promises';
import { KpiAccumulator } from '../analysis/kpis.js';
import { isFinalRecord, type CallRecord } from '../record/call-record.js';
import { listAllCalls, type AdminRequest } from './admin-client.js';

/**
 * Service of the calls a load drove, from the server's own records: the same names and meanings as the
 * `kpis` of `hotline simulate --json` (KpiAccumulator). Rates are 0..1 and times seconds; a rate or ASA with
 * nothing to divide by is null in JSON (NaN in the object).
 */
export interface LoadService {
  /** Calls the load drove whose final record the server holds (the figures count these). */
  readonly calls: number;
  /** Calls the load drove with no final record on the server after waiting (missing or still open). */
  readonly unfinished: number;
  /** Up to five CallSids of unfinished calls, to look up with GET /admin/calls/:callSid. */
  readonly unfinishedSamples: readonly string[];
  readonly offered: number;
  readonly answered: number;
  readonly abandoned: number;
  /** Answered within t seconds of queue entry / offered, per threshold ('15', '20', '30'). */
  readonly serviceLevel: Readonly<Record<string, number>>;
  /** Mean wait of answered calls from queue entry, seconds. */
  readonly asaSec: number;
}

/** How long to wait for the server to close the load's calls. */
export interface LoadServiceOptions {
  /** Real milliseconds to wait at most for every call's final record. Default 10,000. */
  readonly waitMs?: number;
  /** Real milliseconds between looks. Default 200. */
  readonly pollMs?: number;
}

/** The records of `callSids` on the server: one GET for the first call's arrival, then pages from that time on. */
async function recordsOf(admin: AdminRequest, callSids: ReadonlySet<string>, first: string): Promise<CallRecord[]> {
  let fromSec: number | undefined;
  try {
    fromSec = ((await admin('GET', `/admin/calls/${first}`)) as { call: CallRecord }).call.arrivalSec;
  } catch {
    // The first call left no record: page through every record instead.
  }
  return (await listAllCalls(admin, fromSec)).filter((record) => callSids.has(record.callSid));
}

/**
 * Reads the server's records of the calls a load drove (`callSids`, the first placed first), waiting a bounded
 * time for each to be final, and computes their service with KpiAccumulator.
 */
export async function loadService(
  admin: AdminRequest,
  callSids: readonly string[],
  options: LoadServiceOptions = {},
): Promise<LoadService> {
  const wanted = new Set(callSids);
  const deadline = Date.now() + (options.waitMs ?? 10_000);
  let records: CallRecord[] = [];
  while (callSids.length > 0) {
    records = await recordsOf(admin, wanted, callSids[0] as string);
    if (records.filter(isFinalRecord).length === wanted.size || Date.now() >= deadline) break;
    await sleep(options.pollMs ?? 200);
  }
  const final = records.filter(isFinalRecord);
  const finished = new Set(final.map((record) => record.callSid));
  const unfinished = callSids.filter((sid) => !finished.has(sid));
  const kpis = new KpiAccumulator();
  for (const record of final) kpis.add(record);
  const result = kpis.result();
  return {
    calls: final.length,
    unfinished: unfinished.length,
    unfinishedSamples: unfinished.slice(0, 5),
    offered: result.offered,
    answered: result.answered,
    abandoned: result.abandoned,
    serviceLevel: result.serviceLevel,
    asaSec: result.asaSec,
  };
}
