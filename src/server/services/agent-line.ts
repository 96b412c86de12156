import twilio from 'twilio';
import { BoundedMemo } from '../../bounded-memo.js';
import { HotlineError } from '../../errors.js';
import type { CallStore, Agent } from '../../store/call-store.js';
import type { AgentStates } from './agent-states.js';
import type { PinGuard } from './pin-guard.js';
import { agentQueues, type RoutingConfig } from './routing.js';

type VoiceResponse = InstanceType<typeof twilio.twiml.VoiceResponse>;

const SAY = { language: 'cmn-CN', voice: 'Polly.Zhiyu' } as Parameters<VoiceResponse['say']>[0];

/** Seconds an idle agent waits on the line before the next look at the queues. */
export const AGENT_POLL_SEC = 10;

function refuse(text: string): string {
  const response = new twilio.twiml.VoiceResponse();
  response.say(SAY, text);
  response.hangup();
  return response.toString();
}

function askPin(agentId: string): string {
  const response = new twilio.twiml.VoiceResponse();
  const gather = response.gather({
    input: ['dtmf'],
    action: `/agent/pin?agent=${encodeURIComponent(agentId)}`,
    method: 'POST',
    timeout: 8,
    finishOnKey: '#',
  } as Parameters<VoiceResponse['gather']>[0]);
  gather.say(SAY, '请输入密码，以井号键结束。');
  response.hangup();
  return response.toString();
}

/** What the agent line needs to limit PIN guesses, and to log them (never the PIN or a number). */
export interface AgentLinePins {
  readonly guard: PinGuard;
  /** Salted hash of a PIN attempt's source (the caller's number, or the request address). */
  readonly hashSource: (source: string) => string;
  readonly log: (fields: Record<string, unknown>, message: string) => void;
}

/** Key of the after-call menu (and the away menu) that asks for the next caller; ends wrap-up and away. */
export const NEXT_KEY = '1';
/** Key of the after-call menu that takes the agent away (a break): no callers until NEXT_KEY. */
export const AWAY_KEY = '2';

/**
 * The agent line: agents call it (from a registered phone, or keying their
 * agent number and PIN) and are bridged to the longest-waiting caller of their
 * skills with `<Dial><Queue>`. After each call they are in wrap-up until they press 1 for the next caller
 * (or the wrap-up limit passes), or press 2 to be away. Their states are kept by AgentStates.
 * Agent numbers are spoken to citizens, so a keyed-in login always needs a PIN;
 * an agent with a PIN is asked for it on every call, since caller ID can be spoofed.
 */
export class AgentLine {
  private readonly store: CallStore;
  private readonly routing: RoutingConfig;
  private readonly hashPin: (agentId: string, pin: string) => string;
  private readonly pins: AgentLinePins;
  private readonly states: AgentStates;
  /**
   * Documents rendered with twilio's builder once per agent (and queue) and
   * reused: idle agents ask every AGENT_POLL_SEC, most webhooks of a busy line
   * are theirs, and the builder costs more than the rest of the request.
   */
  private readonly documents = new BoundedMemo<string>(4096);
  /** An agent's queues by pool and skills (the routing is fixed for the app's life). */
  private readonly queues = new BoundedMemo<{ own: string[]; overflow: string[] }>(1024);

  constructor(
    store: CallStore,
    routing: RoutingConfig,
    hashPin: (agentId: string, pin: string) => string,
    pins: AgentLinePins,
    states: AgentStates,
  ) {
    this.states = states;
    this.store = store;
    this.routing = routing;
    this.hashPin = hashPin;
    this.pins = pins;
  }

  /** POST /agent/voice: recognise the agent by caller number, else ask for the agent number. */
  async incoming(from: string | undefined): Promise<string> {
    const agent = from ? await this.store.findAgentByPhone(from) : undefined;
    if (agent?.active) return agent.pinHash === null ? this.loggedIn(agent.id) : askPin(agent.id);
    const response = new twilio.twiml.VoiceResponse();
    const gather = response.gather({
      input: ['dtmf'],
      action: '/agent/login',
      method: 'POST',
      timeout: 8,
      finishOnKey: '#',
    } as Parameters<VoiceResponse['gather']>[0]);
    gather.say(SAY, '请输入您的工号，以井号键结束。');
    response.hangup();
    return response.toString();
  }

  /** POST /agent/login: the keyed agent number; a PIN is asked next. */
  async login(digits: string | undefined): Promise<string> {
    const agent = digits ? await this.store.getAgent(digits) : undefined;
    if (!agent?.active || agent.pinHash === null) return refuse('工号无效、未启用或未设置密码，请联系班长。');
    return askPin(agent.id);
  }

  /**
   * POST /agent/pin: checks the PIN, then bridges to the next caller. Wrong
   * PINs are counted per agent and per `source` (the caller's number, else the
   * request address); past the limit the line is locked (PinGuard), and a
   * locked attempt is refused without looking at the PIN.
   */
  async checkPin(agentId: string, digits: string | undefined, source: string): Promise<string> {
    const verdict = await this.verifyPin(agentId, digits, source);
    if (verdict === 'locked') return refuse('密码错误次数过多，请稍后再试。');
    if (verdict === 'wrong') return refuse('密码错误。');
    return this.loggedIn(agentId);
  }

  /**
   * Checks an agent's PIN, counted by the PinGuard whatever asks (the agent line's keypad, the console's login form):
   * wrong PINs per agent and per `source`; past the limit the agent is locked, and a locked attempt is refused
   * without looking at the PIN. 'ok' only for an active agent with a PIN that matches.
   */
  async verifyPin(agentId: string, pin: string | undefined, source: string): Promise<'ok' | 'wrong' | 'locked'> {
    const agent = await this.store.getAgent(agentId);
    const guarded = agent?.active && agent.pinHash !== null ? agent.id : null;
    const from = { hash: this.pins.hashSource(source) };
    // The log names the source by a hash prefix: enough to see one source guessing at many agents.
    const fields = { agentId, source: from.hash.slice(0, 12) };
    const before = await this.pins.guard.before(guarded, from);
    if (before.lockedForSec > 0) {
      this.pins.log(
        { ...fields, retryAfterSec: Math.ceil(before.lockedForSec) },
        'agent PIN attempt refused: locked after too many wrong PINs',
      );
      return 'locked';
    }
    if (guarded === null || !pin || this.hashPin(agent!.id, pin) !== agent!.pinHash) {
      const verdict = await this.pins.guard.wrong(guarded, from);
      this.pins.log(
        {
          ...fields,
          agentFailures: verdict.agentFailures,
          sourceFailures: verdict.sourceFailures,
          lockedForSec: verdict.lockedForSec,
        },
        'wrong agent PIN',
      );
      return 'wrong';
    }
    await this.pins.guard.right(agent!.id);
    return 'ok';
  }

  /** The agent is recognised on the line: ready (whatever the state before), then the next caller. */
  private async loggedIn(agentId: string): Promise<string> {
    await this.states.change(agentId, 'ready', 'agent-line', 'login');
    return this.next(agentId);
  }

  /** The registered agent `agentId`; HOTLINE_AGENT_UNKNOWN (named after the webhook `where`) when there is none. */
  async registered(agentId: string, where: string): Promise<Agent> {
    const agent = await this.store.getAgent(agentId);
    if (!agent) throw new HotlineError('HOTLINE_AGENT_UNKNOWN', `${where}: agent ${agentId} is not registered.`);
    return agent;
  }

  /** The queue this agent should take a caller from now, or null if nobody waits. */
  async pickQueue(agent: Agent): Promise<string | null> {
    const { own, overflow } = this.queues.get(`${agent.pool}\u0000${agent.skills.join('\u0000')}`, () =>
      agentQueues(this.routing, agent),
    );
    return (await this.store.firstWaitingQueue(own)) ?? (await this.store.firstWaitingQueue(overflow));
  }

  /**
   * POST /agent/next: the agent asks for the next caller (this ends wrap-up), or polls while idle. `digits`:
   * AWAY_KEY takes the agent away; while away, NEXT_KEY makes the agent ready and anything else repeats the
   * away menu. Bridges to the next caller, or holds the agent and looks again.
   */
  async next(agentId: string, digits?: string): Promise<string> {
    const agent = await this.store.getAgent(agentId);
    if (!agent?.active) return refuse('工号无效或未启用。');
    const status = await this.states.current(agent.id);
    if (digits === AWAY_KEY && status.state !== 'on-call') {
      await this.states.change(agent.id, 'away', 'agent-line', `key ${AWAY_KEY}`);
      return this.documents.get(`away\u0000${agent.id}`, () => awayMenu(agent.id));
    }
    if (status.state === 'away') {
      if (digits !== NEXT_KEY) return this.documents.get(`away\u0000${agent.id}`, () => awayMenu(agent.id));
      await this.states.change(agent.id, 'ready', 'agent-line', `key ${NEXT_KEY}`);
    } else if (status.state !== 'ready') {
      await this.states.change(agent.id, 'ready', 'agent-line', 'next caller');
    }
    const queue = await this.pickQueue(agent);
    return queue === null
      ? this.documents.get(`idle\u0000${agent.id}`, () => holdAgent(agent.id))
      : this.documents.get(`dial\u0000${agent.id}\u0000${queue}`, () => dialQueue(agent.id, queue));
  }

  /**
   * POST /agent/after: the call with a citizen ended (the Dial's action), or the after-call menu's wait ran
   * out. The agent is in wrap-up and hears the menu, which waits for a key until the wrap-up limit; an agent
   * who pressed nothing by then has left (as before issue 13, silence after a call ends the shift): the
   * wrap-up ends at the limit, the agent is logged out and the line hangs up.
   */
  async after(agentId: string): Promise<string> {
    const status = await this.states.callEnded(agentId);
    if (status.state !== 'wrap-up') return this.next(agentId);
    const leftSec = status.sinceSec + this.states.wrapUpLimitSec - this.states.nowSec();
    if (leftSec > 0) return afterCallMenu(agentId, Math.ceil(leftSec));
    await this.states.change(agentId, 'logged-out', 'agent-line', 'no key within the wrap-up limit');
    return refuse('已超过整理时限，您已退出登录。');
  }

  /** POST /agent/connect: the agent took caller `callSid` (on-call). */
  async tookCaller(agentId: string, callSid: string): Promise<void> {
    await this.states.change(agentId, 'on-call', 'agent-line', 'took a caller', { callSid });
  }
}

/** Holds an idle agent AGENT_POLL_SEC, then looks at the queues again. */
function holdAgent(agentId: string): string {
  const response = new twilio.twiml.VoiceResponse();
  response.pause({ length: AGENT_POLL_SEC });
  response.redirect({ method: 'POST' }, `/agent/next?agent=${encodeURIComponent(agentId)}`);
  return response.toString();
}

/** Bridges the agent to the longest-waiting caller of `queue`. */
function dialQueue(agentId: string, queue: string): string {
  const id = encodeURIComponent(agentId);
  const response = new twilio.twiml.VoiceResponse();
  response
    .dial({ action: `/agent/after?agent=${id}`, method: 'POST' })
    .queue({ url: `/agent/connect?agent=${id}`, method: 'POST' }, queue);
  return response.toString();
}

/**
 * After a call (wrap-up): 1 for the next caller, 2 to be away, or hang up to end the shift. The menu waits
 * `waitSec` (the rest of the wrap-up limit) for a key, then goes to /agent/after, which applies the limit.
 */
function afterCallMenu(agentId: string, waitSec: number): string {
  const id = encodeURIComponent(agentId);
  const response = new twilio.twiml.VoiceResponse();
  const gather = response.gather({
    input: ['dtmf'],
    numDigits: 1,
    action: `/agent/next?agent=${id}`,
    method: 'POST',
    timeout: Math.max(1, waitSec),
  } as Parameters<VoiceResponse['gather']>[0]);
  gather.say(SAY, `通话已结束。接听下一位来电请按${NEXT_KEY}，暂停接听请按${AWAY_KEY}，下班请挂机。`);
  response.redirect({ method: 'POST' }, `/agent/after?agent=${id}`);
  return response.toString();
}

/** Away: 1 to take callers again; without a key the menu comes round again (it takes no callers). */
function awayMenu(agentId: string): string {
  const id = encodeURIComponent(agentId);
  const response = new twilio.twiml.VoiceResponse();
  const gather = response.gather({
    input: ['dtmf'],
    numDigits: 1,
    action: `/agent/next?agent=${id}`,
    method: 'POST',
    timeout: 30,
  } as Parameters<VoiceResponse['gather']>[0]);
  gather.say(SAY, `您已暂停接听。恢复接听请按${NEXT_KEY}，下班请挂机。`);
  response.redirect({ method: 'POST' }, `/agent/next?agent=${id}`);
  return response.toString();
}
