import type { FastifyPluginAsync } from 'fastify';
import type { ConsoleViewOptions } from '../access/console-view-options.js';

/** /console/api/wallboard: the wallboard's live feed and targets (to be built). */
export const wallboardApi: FastifyPluginAsync<ConsoleViewOptions> = async () => {};
