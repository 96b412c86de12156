import type { FlowDefinition } from '../flow/flow-definition.js';
import { flowFingerprint } from '../server/services/flow-fingerprint.js';
import type { AdminTarget } from './admin-client.js';
import { sendAdminRequest } from './admin-client.js';

/**
 * Compares `flow` with the flow the server at `target` serves (GET /health: its id and fingerprint) and returns
 * a one-line warning when they differ (another flow, or another version of the same flow), else null. A server
 * too old to report a fingerprint is compared by id alone; one that does not answer /health gives a warning too.
 */
export async function serverFlowMismatch(target: AdminTarget, flow: FlowDefinition): Promise<string | null> {
  const res = await sendAdminRequest(target, 'GET', '/health');
  const health = res.ok ? ((await res.json()) as { flow?: unknown; flowFingerprint?: unknown }) : {};
  if (typeof health.flow !== 'string')
    return `cannot tell which flow the server at ${target.baseUrl} serves (GET /health answered ${res.status}); the calls follow flow "${flow.id}"`;
  if (health.flow !== flow.id)
    return `the server serves flow "${health.flow}" but the scenario's callers follow "${flow.id}"; start the server with --flow ${flow.id}`;
  const own = flowFingerprint(flow);
  if (typeof health.flowFingerprint === 'string' && health.flowFingerprint !== own)
    return `the server's flow "${flow.id}" differs from the scenario's (fingerprint ${health.flowFingerprint}, here ${own}); restart the server from the same flow file`;
  return null;
}
