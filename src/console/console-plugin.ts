import cookie from '@fastify/cookie';
import type { FastifyPluginAsync } from 'fastify';
import { HotlineError } from '../errors.js';
import { consoleAssets, securityHeaders } from './access/console-assets.js';
import { ConsoleSessions, sessionRoutes } from './access/console-session.js';
import type { ConsoleViewOptions } from './access/console-view-options.js';
import { agentDesktopApi } from './agent/agent-api.js';
import { flowsApi } from './flows/flows-api.js';
import { plannerApi } from './planner/planner-api.js';
import { softphoneApi } from './softphone/softphone-api.js';
import { wallboardApi } from './wallboard/wallboard-api.js';

/** Deepest JSON nesting a console request body may have (a scenario edited in the planner is about 6 deep). */
export const MAX_BODY_DEPTH = 32;

/** How deep `value` nests (objects and arrays), counting no further than `limit` + 1. */
function nestingDepth(value: unknown, limit: number): number {
  if (value === null || typeof value !== 'object') return 0;
  if (limit < 0) return 1;
  let deepest = 0;
  for (const child of Object.values(value)) deepest = Math.max(deepest, nestingDepth(child, limit - 1));
  return deepest + 1;
}

/** What the console is built with (see ConsoleViewOptions); `assetsDir` defaults to dist/console. */
export type ConsoleOptions = Omit<ConsoleViewOptions, 'sessions'> & { readonly assetsDir?: string };

/**
 * The web console at /console on a server built by buildApp (it uses `app.hotline`): the page and its assets, the
 * session routes, and one API plugin per view under /console/api/<view>, each behind the roles that may use it.
 * Registered by `hotline serve` and `hotline console`.
 */
export const consolePlugin: FastifyPluginAsync<ConsoleOptions> = async (app, options) => {
  await app.register(cookie);
  // Every console answer, API and errors included, carries the Content Security Policy and its companions; API
  // answers are never cached.
  app.addHook('onSend', async (_request, reply) => {
    securityHeaders(reply);
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });
  // JSON nested deeper than any console body needs is refused before a schema or a YAML writer recurses through it.
  app.addHook('preValidation', async (request) => {
    if (nestingDepth(request.body, MAX_BODY_DEPTH) > MAX_BODY_DEPTH)
      throw new HotlineError(
        'HOTLINE_BODY_UNREADABLE',
        `${request.method} ${request.url.split('?')[0]}: the JSON body is nested deeper than ${MAX_BODY_DEPTH} levels; no console request needs that.`,
      );
  });
  // Unknown paths under /console get the console's headers too (the root's not-found answer would not).
  await app.register(
    async (scope) => {
      scope.setNotFoundHandler(async (request) => {
        throw new HotlineError(
          'HOTLINE_ROUTE_NOT_FOUND',
          `${request.method} ${request.url.split('?')[0]}: no such console route.`,
        );
      });
    },
    { prefix: '/console' },
  );
  const sessions = new ConsoleSessions(app.hotline.nowSec, async (agentId) => {
    const agent = await app.hotline.store.getAgent(agentId);
    return agent?.active && agent.pinHash !== null ? agent.pinHash : null;
  });
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
