import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import type { Agent } from '../../store/call-store.js';
import { type LocalAgentLeg, localLine } from '../line/local-line.js';

/** The agent's phone as the desktop drives it: join the agent line, answer its menus, end the call in progress. */
export interface AgentPhone {
  /** Puts the agent on the agent line (no-op when their phone is on it already). */
  join(agent: Agent): void;
  /**
   * At the after-call or away menu: `next` (key 1, the next caller) or `away` (key 2). No-op off the line and away
   * from a menu: a phone that has not reached the menu yet finds the new state when it asks the line next (a command
   * kept for later would answer the after-call menu of the next call and cut its wrap-up short).
   */
  command(agentId: string, command: 'next' | 'away'): void;
  /** Hangs up on the caller the agent talks with; false when the agent has no phone on the line. */
  endCall(agentId: string): boolean;
}

/** Milliseconds a command waits for a phone on its way to a menu (longer than the menus' prompts), and looks again. */
const MENU_ARRIVAL_MS = 20_000;
const MENU_LOOK_MS = 200;

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
  const answerOnArrival = async (leg: LocalAgentLeg, agentId: string, command: 'next' | 'away') => {
    const states = app.hotline.agentStates;
    const since = (await states.current(agentId)).sinceSec;
    for (let waitedMs = 0; waitedMs < MENU_ARRIVAL_MS; waitedMs += MENU_LOOK_MS) {
      await sleep(MENU_LOOK_MS);
      if (legs.get(agentId) !== leg || (await states.current(agentId)).sinceSec !== since) return;
      if (leg.atMenu) return leg.command(command);
    }
  };
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
      const leg = legs.get(agentId);
      if (!leg) return;
      if (leg.atMenu) return leg.command(command);
      // The phone may be on its way to the menu (the line answered, its prompt still plays): answer the menu when it
      // is there, unless the agent's state changes first (the line then moved on without one).
      void answerOnArrival(leg, agentId, command);
    },
    endCall(agentId) {
      const leg = legs.get(agentId);
      leg?.endCall();
      return leg !== undefined;
    },
  };
}
