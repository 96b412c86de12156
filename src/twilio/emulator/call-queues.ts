import { createHash } from 'node:crypto';
import type { EmulatorClock } from './emulator-clock.js';

/** How a bridged call ended: seconds talked, and which side hung up. */
export interface BridgeEnd {
  readonly talkSec: number;
  readonly endedBy: 'caller' | 'agent';
  /** True when the caller hung up before the bridge was made (during the `<Queue url>` greeting). */
  readonly beforeBridge: boolean;
}

/** What the dequeuing side (an agent's `<Dial><Queue>`) hands the caller. */
export interface Dequeue {
  readonly agentCallSid: string;
  /** The `<Queue url>` played to the caller before the bridge, resolved; undefined for none. */
  readonly url?: string;
  readonly method: 'GET' | 'POST';
  /** Seconds the agent talks before hanging up. */
  readonly agentTalkSec: number;
  /** Aborts when the agent hangs up on the caller earlier than `agentTalkSec` (a person at the agent desktop). */
  readonly agentHangUp?: AbortSignal;
}

/** A caller waiting in a queue. */
export class QueueMember {
  readonly callSid: string;
  readonly queue: CallQueue;
  readonly enqueuedMs: number;
  /** Aborted when an agent takes the caller; the hold music stops. */
  readonly taken = new AbortController();
  dequeue: Dequeue | undefined;
  private endBridge!: (end: BridgeEnd) => void;
  /** Resolves when the bridged call ends (the agent's Dial waits on it). */
  readonly ended: Promise<BridgeEnd>;

  constructor(callSid: string, queue: CallQueue, enqueuedMs: number) {
    this.callSid = callSid;
    this.queue = queue;
    this.enqueuedMs = enqueuedMs;
    this.ended = new Promise((resolve) => {
      this.endBridge = resolve;
    });
  }

  /** The caller side reports the end of the bridge. */
  finish(end: BridgeEnd): void {
    this.endBridge(end);
  }
}

/** One named queue: FIFO members, and the statistics Twilio reports to wait URLs. */
export class CallQueue {
  readonly name: string;
  readonly sid: string;
  readonly maxSize: number;
  readonly members: QueueMember[] = [];
  private readonly arrivals = new Set<() => void>();

  constructor(name: string, maxSize: number) {
    this.name = name;
    this.maxSize = maxSize;
    this.sid = `QU${createHash('sha1').update(name).digest('hex').slice(0, 32)}`;
  }

  /** 1-based position of a member, 0 if gone. */
  position(member: QueueMember): number {
    return this.members.indexOf(member) + 1;
  }

  /**
   * Twilio's AvgQueueTime, whole seconds: "an average of how long the current enqueued callers have been in the
   * queue" (Enqueue doc), at `nowMs`; 0 for an empty queue. Callers who already left do not count.
   */
  averageWaitSec(nowMs: number): number {
    if (this.members.length === 0) return 0;
    const totalMs = this.members.reduce((sum, member) => sum + (nowMs - member.enqueuedMs), 0);
    return Math.round(totalMs / this.members.length / 1000);
  }

  join(member: QueueMember): void {
    this.members.push(member);
    for (const wake of [...this.arrivals]) wake();
  }

  /** Removes a member (served, left or hung up). */
  remove(member: QueueMember): void {
    const i = this.members.indexOf(member);
    if (i >= 0) this.members.splice(i, 1);
  }

  /** Waits until someone joins (or the signal aborts). */
  onArrival(wake: () => void): () => void {
    this.arrivals.add(wake);
    return () => this.arrivals.delete(wake);
  }
}

/** The account's queues, created on first use like Twilio's. */
export class CallQueues {
  private readonly queues = new Map<string, CallQueue>();
  private readonly clock: EmulatorClock;
  private readonly defaultMaxSize: number;

  /** `defaultMaxSize`: Twilio's current default queue size is 1000. */
  constructor(clock: EmulatorClock, defaultMaxSize = 1000) {
    this.clock = clock;
    this.defaultMaxSize = defaultMaxSize;
  }

  get(name: string, maxSize?: number): CallQueue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new CallQueue(name, maxSize ?? this.defaultMaxSize);
      this.queues.set(name, queue);
    }
    return queue;
  }

  /** Callers waiting in each queue now. */
  sizes(): Record<string, number> {
    return Object.fromEntries([...this.queues].map(([name, q]) => [name, q.members.length]));
  }

  /**
   * Takes the longest-waiting caller of `name` for an agent: at once if
   * someone waits, else as soon as someone joins within `timeoutSec`; null if
   * nobody came (the Dial ends no-answer).
   */
  async take(name: string, timeoutSec: number, dequeue: Dequeue, key: number): Promise<QueueMember | null> {
    const queue = this.get(name);
    if (queue.members.length === 0) {
      const stop = new AbortController();
      const forget = queue.onArrival(() => stop.abort());
      await this.clock.sleep(timeoutSec, stop.signal, key);
      forget();
    }
    const member = queue.members[0];
    if (!member) return null;
    queue.remove(member);
    member.dequeue = dequeue;
    member.taken.abort();
    return member;
  }
}
