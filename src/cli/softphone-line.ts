import { HotlineError } from '../errors.js';
import type { FlowDefinition } from '../flow/flow-definition.js';
import type { AgentPool, CallRecord } from '../record/call-record.js';
import { adminRequestFailed, sendAdminRequest } from '../qa/admin-client.js';
import { buildApp } from '../server/app.js';
import { injectTransport } from '../server/inject-transport.js';
import { loadCaseDirectory } from '../server/case-directory.js';
import { parseQueueName } from '../server/services/routing.js';
import { MemoryCallStore } from '../store/memory-call-store.js';
import { FOLLOWS_EMULATOR_HEADER } from '../twilio/emulator-headers.js';
import { VirtualClock, type EmulatorClock } from '../twilio/emulator/emulator-clock.js';
import type { BotAgent } from '../twilio/emulator/bot-pick-up.js';
import { SOFTPHONE_WORLD } from '../twilio/emulator/softphone.js';
import { TwilioEmulator } from '../twilio/emulator/twilio-emulator.js';
import { SAMPLE_CASES } from './server-config.js';

/** The name the softphone's bot agent is registered under; agents with it are never counted as the server's own. */
export const BOT_AGENT_NAME = 'hotline call bot (temporary)';

/** Where the softphone's call goes: the server, its clock, the emulator that calls it, the bot agent that answers. */
export interface SoftphoneLine {
  /** The emulator that places the call (signing like Twilio, on the server's clock). */
  readonly emulator: TwilioEmulator;
  /** The server as the emulator reaches it (no trailing slash). */
  readonly baseUrl: string;
  /** The clock the server's times are on (the emulator's). */
  readonly clock: EmulatorClock;
  /** True when the server's time is virtual (waits cost no real time). */
  readonly virtualTime: boolean;
  readonly botAgent: BotAgent;
  /** How the server keeps time, for the first line. */
  readonly description: string;
  fetchRecord(callSid: string): Promise<CallRecord | undefined>;
  close(): Promise<void>;
}

/** The skill and pool of a queue name such as `general.in-house`; a name with no pool is a skill of the in-house pool. */
function queueParts(queue: string): { skill: string; pool: AgentPool } {
  return parseQueueName(queue) ?? { skill: queue, pool: 'in-house' };
}

/** The bot agent's phone: its leg calls the agent line from it. +999 is no country's code, so no real agent has it. */
function botPhone(id: string): string {
  return `+999${id}`;
}

/**
 * The flow run in this process: a memory store and a server on a virtual
 * clock (waiting costs no real time); the bot agent is agent 9000 of that store.
 */
export async function inProcessLine(flow: FlowDefinition, startMs: number): Promise<SoftphoneLine> {
  const store = new MemoryCallStore();
  const clock = new VirtualClock(startMs);
  const authToken = 'softphone-local-token';
  const publicUrl = 'http://softphone.local';
  const app = await buildApp({
    flow,
    store,
    publicUrl,
    authToken,
    clock: () => clock.now(),
    lookups: { caseStatus: loadCaseDirectory(SAMPLE_CASES) },
  });
  const BOT_ID = '9000';
  const emulator = new TwilioEmulator({ authToken, clock, world: SOFTPHONE_WORLD, transport: injectTransport(app) });
  return {
    emulator,
    baseUrl: publicUrl,
    clock,
    virtualTime: true,
    description: 'virtual clock',
    botAgent: {
      async answer(queue) {
        const { skill, pool } = queueParts(queue);
        const phone = botPhone(BOT_ID);
        await store.putAgent({
          id: BOT_ID,
          name: BOT_AGENT_NAME,
          phone,
          skills: [skill],
          pool,
          active: true,
          pinHash: null,
        });
        return { id: BOT_ID, phone };
      },
      async release() {
        await store.deleteAgent(BOT_ID);
      },
    },
    fetchRecord: (callSid) => store.getRecord(callSid),
    close: () => app.close(),
  };
}

/** What `remoteLine` needs. */
export interface RemoteLineOptions {
  /** Where the server listens, e.g. http://127.0.0.1:3000 (already checked to be loopback or allowed). */
  readonly baseUrl: string;
  /** The URL the server checks signatures against. */
  readonly publicUrl: string;
  readonly authToken: string;
  readonly adminToken: string | null;
  /** The clock of a server on real time (tests inject a fake one). */
  readonly realClock: EmulatorClock;
  /** Start of the emulated time when the server follows the emulator's clock, ms since the epoch. */
  readonly startMs: number;
  /** Random bytes (crypto by default), for the bot agent's id. */
  readonly random: (bytes: number) => Buffer;
  /** --allow-agents: call a server that has active agents of its own. */
  readonly allowAgents: boolean;
}

interface ListedAgent {
  readonly id: string;
  readonly name: string;
  readonly active: boolean;
}

/**
 * A running `hotline serve`: checks the admin API answers and whether the
 * server has agents of its own (refused unless allowed: a test caller would
 * sit in their queues), and follows the server's clock (the emulator's time
 * when it runs with --emulator-clock, else real time). The bot agent is
 * registered through the admin API only when the caller is picked up, and
 * deleted right after.
 */
export async function remoteLine(o: RemoteLineOptions): Promise<SoftphoneLine> {
  const base = o.baseUrl;
  const target = { baseUrl: base, token: o.adminToken, serveCommand: 'npx hotline serve' };
  const admin = async (method: 'GET' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<Response> => {
    const res = await sendAdminRequest(target, method, `/admin${path}`, body);
    // Deleting an agent that is already gone is done; a server without the DELETE route is not (its bot agent would stay).
    if (method === 'DELETE' && res.status === 404) {
      const text = await res.text();
      if (text.includes('HOTLINE_AGENT_UNKNOWN')) return res;
      throw new HotlineError(
        'HOTLINE_ADMIN_REQUEST_FAILED',
        `DELETE ${base}/admin${path} answered 404: ${text.slice(0, 200)}. The server is too old to remove the softphone's bot agent; remove it by hand and update the server.`,
      );
    }
    // A call with no record yet is an answer, not a failure.
    if (
      method === 'GET' &&
      path.startsWith('/calls/') &&
      res.status === 404 &&
      (await res.clone().text()).includes('HOTLINE_UNKNOWN_CALL')
    )
      return res;
    if (!res.ok) throw await adminRequestFailed(method, `${base}/admin${path}`, res);
    return res;
  };
  const listAgents = async (): Promise<{ agents: ListedAgent[]; followsEmulator: boolean }> => {
    const res = await admin('GET', '/agents');
    const { agents } = (await res.json()) as { agents: ListedAgent[] };
    return { agents, followsEmulator: res.headers.get(FOLLOWS_EMULATOR_HEADER) === 'emulator' };
  };

  const { agents, followsEmulator } = await listAgents();
  const own = agents.filter((a) => a.active && a.name !== BOT_AGENT_NAME);
  if (own.length > 0 && !o.allowAgents) {
    throw new HotlineError(
      'HOTLINE_TARGET_AGENTS_CONFLICT',
      `The server at ${base} has ${own.length} active agent(s) of its own (${own
        .slice(0, 5)
        .map((a) => a.id)
        .join(
          ', ',
        )}): a test call would wait in their queues and count in their callers' announcements. Call a test server, or pass --allow-agents to call it anyway.`,
    );
  }
  const clock = followsEmulator ? new VirtualClock(o.startMs) : o.realClock;
  let botId: string | null = null;
  const emulator = new TwilioEmulator({
    authToken: o.authToken,
    clock,
    world: SOFTPHONE_WORLD,
    rewrite: { actual: base, public: o.publicUrl },
  });
  return {
    emulator,
    baseUrl: base,
    clock,
    virtualTime: followsEmulator,
    description: followsEmulator
      ? "the emulator's clock (the server runs with --emulator-clock: waits cost no real time)"
      : 'real time (holds and talk take the time they say)',
    botAgent: {
      async answer(queue) {
        const { skill, pool } = queueParts(queue);
        // A fresh id in 900000-999999, never one the server already has: the bot must not overwrite (then delete) a real agent.
        const taken = new Set((await listAgents()).agents.map((a) => a.id));
        const candidates = Array.from({ length: 20 }, () => String(900000 + (o.random(4).readUInt32BE(0) % 100000)));
        const id = candidates.find((c) => !taken.has(c));
        if (id === undefined)
          throw new HotlineError(
            'HOTLINE_TARGET_AGENTS_CONFLICT',
            `No free agent id for the bot agent in 900000-999999 at ${base} (20 random tries).`,
          );
        botId = id;
        await admin('PUT', `/agents/${id}`, {
          name: BOT_AGENT_NAME,
          phone: botPhone(id),
          skills: [skill],
          pool,
          active: true,
        });
        return { id, phone: botPhone(id) };
      },
      async release() {
        if (botId === null) return;
        const id = botId;
        await admin('DELETE', `/agents/${id}`);
        botId = null;
      },
    },
    async fetchRecord(callSid) {
      const res = await admin('GET', `/calls/${encodeURIComponent(callSid)}`);
      if (res.status === 404) return undefined;
      return ((await res.json()) as { call: CallRecord }).call;
    },
    close: async () => undefined,
  };
}
