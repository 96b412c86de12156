import type { FastifyPluginAsync } from 'fastify';
import type { ConsoleViewOptions } from '../access/console-view-options.js';

/** /console/api/softphone: the softphone: calls through the local Twilio emulator (to be built). */
export const softphoneApi: FastifyPluginAsync<ConsoleViewOptions> = async () => {};
