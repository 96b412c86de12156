import type { FastifyPluginAsync } from 'fastify';
import { parseKpiQuery } from '../../store/kpi-query.js';
import { KpiReportBuilder, type KpiReport, type KpiReportOptions } from '../../analysis/kpi-report.js';
import { HotlineError } from '../../errors.js';
import type { CallStore, RecordCursor } from '../../store/call-store.js';

/** Records read per store page by GET /admin/kpis (one keyset query; the event loop is given back between pages). */
export const KPI_PAGE_RECORDS = 1000;

/** Most records one GET /admin/kpis request reads (about 2 s of work); a wider window is refused, not served slowly. */
export const DEFAULT_MAX_KPI_RECORDS = 1_000_000;

/** What GET /admin/kpis needs. */
export interface AdminKpisOptions {
  readonly store: CallStore;
  /** Most records one request may read; default DEFAULT_MAX_KPI_RECORDS. */
  readonly maxRecords?: number;
}

/**
 * The KPI report of the store's records, read page by page in arrival order (never all at once), with at most
 * `maxRecords` read: past that HOTLINE_ADMIN_KPIS_TOO_LARGE. Between pages the event loop runs pending webhooks.
 */
export async function kpisOfCallStore(
  store: CallStore,
  options: KpiReportOptions,
  maxRecords = DEFAULT_MAX_KPI_RECORDS,
): Promise<KpiReport> {
  // Pages come in arrival order: each period's groups close when the next period starts (flat memory).
  const builder = new KpiReportBuilder({ ...options, sortedByArrival: true });
  const window = {
    ...(options.fromSec === undefined ? {} : { fromSec: options.fromSec }),
    ...(options.toSec === undefined ? {} : { toSec: options.toSec }),
  };
  let after: RecordCursor | null = null;
  let read = 0;
  do {
    const page = await store.listRecordsPage({ ...window, after, limit: KPI_PAGE_RECORDS });
    read += page.records.length;
    if (read > maxRecords)
      throw new HotlineError(
        'HOTLINE_ADMIN_KPIS_TOO_LARGE',
        `GET /admin/kpis: the window holds more than ${maxRecords.toLocaleString('en-US')} records, more than one request may read; narrow from/to (e.g. one month) or run \`hotline kpis --db FILE\` on the store file.`,
      );
    for (const r of page.records) builder.add(r);
    after = page.next;
    if (after !== null) await new Promise<void>((resolve) => setImmediate(resolve));
  } while (after !== null);
  return builder.result();
}

/**
 * GET /admin/kpis: the JSON of `hotline kpis --json` over the live store, with the same query (from, to, by
 * repeated or a comma list, tz, dayStartHour, slFrom, repeatWindowHours) checked by the same schema; a bad query is a
 * 400 HOTLINE_ADMIN_QUERY_INVALID. Registered inside the admin routes (their auth applies).
 */
export const adminKpisRoutes: FastifyPluginAsync<AdminKpisOptions> = async (admin, options) => {
  admin.get('/kpis', async (request, reply) => {
    const parsed = parseKpiQuery(request.query, 'parameter');
    if (!parsed.ok) throw new HotlineError('HOTLINE_ADMIN_QUERY_INVALID', `GET /admin/kpis: ${parsed.problem}`);
    const report = await kpisOfCallStore(options.store, parsed.options, options.maxRecords);
    // JSON.stringify as the command prints it (NaN becomes null), not fastify's serializer.
    return reply.type('application/json; charset=utf-8').send(JSON.stringify(report));
  });
};
