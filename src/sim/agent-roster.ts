/**
 * The numbered agents of one group, so that a simulated record names the agent
 * who answered (`<group>-<n>`, n = 1, 2, … within the group), as a live record does.
 *
 * The choices, all deterministic:
 * - an idle agent takes callers in order of idleness: the agent idle longest
 *   takes the next caller (the usual ACD rule, "longest idle agent");
 * - idle agents sent home because the plan went down leave longest idle first;
 * - an agent coming on duty takes the lowest number nobody on duty holds, so
 *   numbers stay within 1 … the group's peak headcount.
 *
 * The idle agents are a ring buffer (O(1) both ends); numbers off duty are a
 * short sorted list (staffing changes are rare next to calls).
 */
export class AgentRoster {
  /** The group's name, the ids' prefix. */
  readonly groupName: string;
  private ring = new Int32Array(16);
  private head = 0;
  private count = 0;
  /** Numbers off duty, highest first (the lowest is popped). */
  private readonly offDuty: number[] = [];
  private highest = 0;
  private readonly ids: string[] = [''];

  constructor(groupName: string) {
    this.groupName = groupName;
  }

  /** Agents idle now. */
  get idle(): number {
    return this.count;
  }

  /** An agent comes on duty: returns its number (the lowest free one). It is not idle until `pushIdle`. */
  comeOnDuty(): number {
    const reused = this.offDuty.pop();
    if (reused !== undefined) return reused;
    this.highest += 1;
    return this.highest;
  }

  /** Agent `n` goes home; its number may be given to the next agent coming on duty. */
  goOffDuty(n: number): void {
    const list = this.offDuty;
    let i = list.length;
    list.push(n);
    while (i > 0 && (list[i - 1] as number) < n) {
      list[i] = list[i - 1] as number;
      i -= 1;
    }
    list[i] = n;
  }

  /** Agent `n` becomes idle (last in order of idleness). */
  pushIdle(n: number): void {
    if (this.count === this.ring.length) {
      const size = this.ring.length;
      const grown = new Int32Array(size * 2);
      for (let i = 0; i < this.count; i += 1) grown[i] = this.ring[(this.head + i) % size] as number;
      this.ring = grown;
      this.head = 0;
    }
    this.ring[(this.head + this.count) % this.ring.length] = n;
    this.count += 1;
  }

  /** The agent idle longest, no longer idle; 0 when nobody is idle. */
  takeIdle(): number {
    if (this.count === 0) return 0;
    const n = this.ring[this.head] as number;
    this.head = (this.head + 1) % this.ring.length;
    this.count -= 1;
    return n;
  }

  /** Idle agent `n`, no longer idle (whatever its place in order of idleness); false when `n` is not idle. */
  takeIdleAgent(n: number): boolean {
    const size = this.ring.length;
    for (let i = 0; i < this.count; i += 1) {
      if (this.ring[(this.head + i) % size] !== n) continue;
      // Close the gap: the later agents move up one place, keeping their order.
      for (let j = i; j < this.count - 1; j += 1)
        this.ring[(this.head + j) % size] = this.ring[(this.head + j + 1) % size] as number;
      this.count -= 1;
      return true;
    }
    return false;
  }

  /** The idle agents' numbers, longest idle first. */
  idleAgents(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.count; i += 1) out.push(this.ring[(this.head + i) % this.ring.length] as number);
    return out;
  }

  /** Agent `n`'s id, `<group>-<n>` (built once per agent). */
  id(n: number): string {
    let id = this.ids[n];
    if (id === undefined) {
      id = `${this.groupName}-${n}`;
      this.ids[n] = id;
    }
    return id;
  }
}
