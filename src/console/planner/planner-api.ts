import type { FastifyPluginAsync } from 'fastify';
import type { ConsoleViewOptions } from '../access/console-view-options.js';

/** /console/api/planner: the planner: scenarios, jobs, results (to be built). */
export const plannerApi: FastifyPluginAsync<ConsoleViewOptions> = async () => {};
