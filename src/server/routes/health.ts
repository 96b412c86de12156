import type { FastifyPluginAsync } from 'fastify';

/** What the health route reports. */
export interface HealthRoutesOptions {
  /** The id of the flow this server serves. */
  readonly flowId: string;
  /** The served flow's fingerprint (see flowFingerprint): tools compare it with their own copy of the flow. */
  readonly flowFingerprint: string;
}

/**
 * `GET /health`: `{ ok: true, flow, flowFingerprint }`, unsigned and without a token (for load balancers,
 * `hotline serve`'s checks, and `hotline load`'s check that it drives the flow the server serves).
 */
export const healthRoutes: FastifyPluginAsync<HealthRoutesOptions> = async (app, { flowId, flowFingerprint }) => {
  app.get('/health', async () => ({ ok: true, flow: flowId, flowFingerprint }));
};
