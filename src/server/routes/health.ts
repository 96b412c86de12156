import type { FastifyPluginAsync } from 'fastify';

/** What the health route reports. */
export interface HealthRoutesOptions {
  /** The id of the flow this server serves. */
  readonly flowId: string;
}

/**
 * `GET /health`: `{ ok: true, flow }`, unsigned and without a token (for load
 * balancers and `hotline serve`'s checks).
 */
export const healthRoutes: FastifyPluginAsync<HealthRoutesOptions> = async (app, { flowId }) => {
  app.get('/health', async () => ({ ok: true, flow: flowId }));
};
