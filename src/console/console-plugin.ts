import cookie from '@fastify/cookie';
import type { FastifyPluginAsync } from 'fastify';
import { HotlineError } from '../errors.js';
import { consoleAssets } from './access/console-assets.js';
import { ConsoleSessions, sessionRoutes } from './access/console-session.js';
import type { ConsoleViewOptions } from './access/console-view-options.js';
import { agentDesktopApi } from './agent/agent-api.js';
import { flowsApi } from './flows/flows-api.js';
import { plannerApi } from './planner/planner-api.js';
import { softphoneApi } from './softphone/softphone-api.js';
import { wallboardApi } from './wallboard/wallboard-api.js';

/** What the console is built with (see ConsoleViewOptions); `assetsDir` defaults to dist/console. */
export type ConsoleOptions = Omit<ConsoleViewOptions, 'sessions'> & { readonly assetsDir?: string };

/**
 * The web console at /console on a server built by buildApp (it uses `app.hotline`): the page and its assets, the
 * session routes, and one API plugin per view under /console/api/<view>, each behind the roles that may use it.
 * Registered by `hotline serve` and `hotline console`.
 */
export const consolePlugin: FastifyPluginAsync<ConsoleOptions> = async (app, options) => {
  await app.register(cookie);
  const sessions = new ConsoleSessions(app.hotline.nowSec);
  await app.register(consoleAssets, options.assetsDir === undefined ? {} : { dir: options.assetsDir });
  await app.register(sessionRoutes, {
    prefix: '/console/api',
    sessions,
    adminToken: options.adminToken,
    verifyPin: (agentId, pin, source) => app.hotline.agents.verifyPin(agentId, pin, source),
  });
  const view = { ...options, sessions };
  const views = [
    { prefix: 'wallboard', plugin: wallboardApi, roles: ['supervisor'] },
    { prefix: 'agent', plugin: agentDesktopApi, roles: ['agent'] },
    { prefix: 'softphone', plugin: softphoneApi, roles: ['supervisor'] },
    { prefix: 'planner', plugin: plannerApi, roles: ['supervisor'] },
    { prefix: 'flows', plugin: flowsApi, roles: ['supervisor'] },
  ] as const;
  for (const { prefix, plugin, roles } of views) {
    await app.register(
      async (scope) => {
        scope.addHook('onRequest', sessions.guard(...roles));
        scope.addHook('onSend', async (_request, reply) => {
          reply.header('cache-control', 'no-store');
        });
        // Unknown paths too are behind the guard: nobody learns which routes a view has without a session.
        scope.setNotFoundHandler(async (request) => {
          throw new HotlineError('HOTLINE_ROUTE_NOT_FOUND', `${request.method} ${request.url}: no such console route.`);
        });
        await scope.register(plugin, view);
      },
      { prefix: `/console/api/${prefix}` },
    );
  }
};
