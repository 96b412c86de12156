import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { HotlineError } from '../../errors.js';
import { isFinalRecord, type CallRecord } from '../../record/call-record.js';
import type { RecordCursor } from '../../store/call-store.js';
import type { ConsoleViewOptions } from '../access/console-view-options.js';
import { FlowAnalyses } from './flow-analysis.js';
import { FlowCatalog } from './flow-catalog.js';
import { flowTraffic } from './state-traffic.js';

/** Records per page while reading today's records of a flow. */
const PAGE_RECORDS = 1000;

/** A flow id in a path: anything else is no listed flow. */
const PARAMS = z.object({ id: z.string().min(1).max(200) });

/**
 * /console/api/flows: the flow view. GET / lists the flows (the live line's, the flows folder's, the shipped ones),
 * GET /:id/graph draws a flow's state graph (the flow-graph builder's, collapsed to the machine's states),
 * GET /:id/coverage says which states and transitions `hotline test` covers, GET /:id/traffic counts today's calls
 * through each state (see flowTraffic for what "through" means).
 */
export const flowsApi: FastifyPluginAsync<ConsoleViewOptions> = async (app, options) => {
  const catalog = await FlowCatalog.load(options.flow, options.flowsDir, (file, message) =>
    app.log.warn({ file }, `flow view: ${file} left out: ${message}`),
  );
  const analyses = new FlowAnalyses();
  app.addHook('onClose', async () => analyses.close());
  const flowOf = (params: unknown) => {
    const parsed = PARAMS.safeParse(params);
    if (!parsed.success) throw new HotlineError('HOTLINE_CONSOLE_FLOW_UNKNOWN', 'No flow id in the path.');
    return catalog.get(parsed.data.id);
  };

  app.get('/', async () => ({ live: options.flow.id, flows: catalog.list() }));

  app.get('/:id/graph', async (request) => {
    const flow = flowOf(request.params);
    return { flowId: flow.id, title: flow.title, ...analyses.graph(flow) };
  });

  app.get('/:id/coverage', async (request) => {
    const flow = flowOf(request.params);
    return analyses.coverage(flow, catalog.file(flow.id));
  });

  app.get('/:id/traffic', async (request) => {
    const flow = flowOf(request.params);
    const { store, feed } = app.hotline;
    const { day, fromSec, toSec } = feed.state().today.window;
    const finished: CallRecord[] = [];
    let after: RecordCursor | null = null;
    do {
      const page = await store.listRecordsPage({ after, limit: PAGE_RECORDS, fromSec, toSec });
      for (const r of page.records) if (r.flowId === flow.id && isFinalRecord(r)) finished.push(r);
      after = page.next;
    } while (after !== null);
    const done = new Set(finished.map((r) => r.callSid));
    const live = (await store.listSessionsArrivedBefore(toSec))
      .map((s) => s.record)
      .filter((r) => r.flowId === flow.id && r.arrivalSec >= fromSec && !isFinalRecord(r) && !done.has(r.callSid));
    return flowTraffic({
      flowId: flow.id,
      window: { day, fromSec, toSec },
      finished,
      live,
      legs: analyses.legsForTraffic(flow),
    });
  });
};
