import type { FastifyPluginAsync } from 'fastify';
import type { ConsoleViewOptions } from '../access/console-view-options.js';

/** /console/api/agent: the agent desktop: state, the caller bridged, wrap-up (to be built). */
export const agentDesktopApi: FastifyPluginAsync<ConsoleViewOptions> = async () => {};
