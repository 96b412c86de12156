import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { HotlineError } from '../../errors.js';
import type { ConsoleViewOptions } from '../access/console-view-options.js';
import { FlowAnalyses } from './flow-analysis.js';
import { FlowCatalog } from './flow-catalog.js';
import type { FlowGraphAnswer, FlowList } from './flows-wire.js';
import { TodayTraffic } from './today-traffic.js';

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
  const traffic = new TodayTraffic(app.hotline.store, app.hotline.feed);
  const flowOf = (params: unknown) => {
    const parsed = PARAMS.safeParse(params);
    if (!parsed.success) throw new HotlineError('HOTLINE_CONSOLE_FLOW_UNKNOWN', 'No flow id in the path.');
    return catalog.get(parsed.data.id);
  };

  app.get('/', async (): Promise<FlowList> => ({ live: options.flow.id, flows: catalog.list() }));

  app.get('/:id/graph', async (request): Promise<FlowGraphAnswer> => {
    const flow = flowOf(request.params);
    return { flowId: flow.id, title: flow.title, ...analyses.graph(flow) };
  });

  app.get('/:id/coverage', async (request) => {
    const flow = flowOf(request.params);
    return analyses.coverage(flow, catalog.file(flow.id));
  });

  app.get('/:id/traffic', async (request) => {
    const flow = flowOf(request.params);
    return traffic.read(flow, analyses.legsForTraffic(flow));
  });
};
