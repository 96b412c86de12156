import type { FastifyPluginAsync } from 'fastify';
import type { ConsoleViewOptions } from '../access/console-view-options.js';

/** /console/api/flows: the flow view: graphs, coverage, today's traffic (to be built). */
export const flowsApi: FastifyPluginAsync<ConsoleViewOptions> = async () => {};
