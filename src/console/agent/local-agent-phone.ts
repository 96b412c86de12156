import type { FastifyInstance } from 'fastify';
import type { Agent } from '../../store/call-store.js';
import { type LocalAgentLeg, localLine } from '../line/local-line.js';

/** The agent's phone as the desktop drives it: join the agent line, answer its menus, end the call in progress. */
export interface AgentPhone {
  /** Puts the agent on the agent line (no-op when their phone is on it already). */
  join(agent: Agent): void;
  /** At the after-call or away menu: `next` (key 1, the next caller) or `away` (key 2). No-op off the line. */
  command(agentId: string, command: 'next' | 'away'): void;
  /** Hangs up on the caller the agent talks with; false when the agent has no phone on the line. */
  endCall(agentId: string): boolean;
}

/** The number an agent's emulated phone calls from when none is registered (only the line's logs see it). */
const NO_PHONE = '+860000000000';

/**
 * The agent's phone on a local server (no public URL, no Twilio account): a leg from the console's shared emulator
 * (localLine) to the agent line, one per agent. An explicit local-only choice: the console signed the agent in with
 * number and PIN, so the leg joins at /agent/next and no PIN is kept; on a real deployment the agent's own phone
 * calls /agent/voice and keys the PIN, and the desktop never places a call.
 */
export function localAgentPhone(app: FastifyInstance): AgentPhone {
  const legs = new Map<string, LocalAgentLeg>();
  return {
    join(agent) {
      if (legs.has(agent.id)) return;
      const leg = localLine(app).placeAgentLeg({ agentId: agent.id, phone: agent.phone ?? NO_PHONE, signedIn: true });
      legs.set(agent.id, leg);
      leg.done.then(
        () => legs.get(agent.id) === leg && legs.delete(agent.id),
        () => legs.get(agent.id) === leg && legs.delete(agent.id),
      );
    },
    command(agentId, command) {
      legs.get(agentId)?.command(command);
    },
    endCall(agentId) {
      const leg = legs.get(agentId);
      leg?.endCall();
      return leg !== undefined;
    },
  };
}
