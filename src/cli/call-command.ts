import { createInterface } from 'node:readline';
import twilio from 'twilio';
import { HotlineError } from '../errors.js';
import { buildApp } from '../server/app.js';
import { loadCaseDirectory } from '../server/case-directory.js';
import { MemoryCallStore } from '../store/memory-call-store.js';
import { Softphone, type SoftphoneIO, type SoftphonePost } from '../twilio/softphone.js';
import { loadFlow, DEFAULT_FLOW } from '../scenario/load-flow.js';
import { isLoopbackUrl, localTokenFile, SAMPLE_CASES } from './server-config.js';
import { readFileSync } from 'node:fs';
import type { CallRecord } from '../record/call-record.js';
import { adminClient, listAllCalls } from '../qa/admin-client.js';

/** Flags of `hotline call`. */
export interface CallFlags {
  readonly url?: string;
  readonly publicUrl?: string;
  /** Scripted answers, comma-separated ('' = no input), instead of reading the terminal. */
  readonly keys?: string;
  readonly from: string;
  readonly agentAfter: string;
  readonly talk: string;
  readonly allowRemote?: boolean;
}

/** What the command reads and writes. */
export interface CallDeps {
  readonly stdin: NodeJS.ReadableStream;
  readonly out: (line: string) => void;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly now: () => number;
}

const BOT_AGENT_ID = '9000';
const ACCOUNT_SID = `AC${'0'.repeat(32)}`;

function scriptedIO(keys: string, out: (line: string) => void): SoftphoneIO {
  const answers = keys.split(',');
  return {
    print: out,
    async ask(question) {
      const answer = answers.shift();
      if (answer === undefined) {
        out(`${question}(script ended: hanging up)`);
        return null;
      }
      out(`${question}${answer}`);
      return answer;
    },
  };
}

function terminalIO(stdin: NodeJS.ReadableStream, out: (line: string) => void): { io: SoftphoneIO; close(): void } {
  const rl = createInterface({ input: stdin, terminal: false });
  const lines: string[] = [];
  const waiting: ((line: string | null) => void)[] = [];
  let closed = false;
  rl.on('line', (line) => { const w = waiting.shift(); if (w) w(line); else lines.push(line); });
  rl.on('close', () => { closed = true; for (const w of waiting.splice(0)) w(null); });
  return {
    io: {
      print: out,
      ask(question) {
        process.stdout.write(question);
        const line = lines.shift();
        if (line !== undefined) return Promise.resolve(line);
        if (closed) return Promise.resolve(null);
        return new Promise((resolve) => waiting.push(resolve));
      },
    },
    close: () => rl.close(),
  };
}

function summary(record: CallRecord | undefined): string {
  if (!record) return 'no call record found';
  const wait = record.queueEntrySec !== null && (record.answerSec ?? record.abandonSec ?? record.endSec) !== null
    ? `${Math.round(((record.answerSec ?? record.abandonSec ?? record.endSec) as number) - record.queueEntrySec)} s` : '-';
  return `call record: outcome=${record.outcome ?? 'in progress'} skill=${record.skill ?? '-'} pool=${record.pool ?? '-'} agent=${record.agentId ?? '-'} wait=${wait} rating=${record.rating ?? '-'} last state=${record.lastState}`;
}

/**
 * `hotline call [FLOW]`: a terminal softphone. Without --url it runs the flow
 * in-process (memory store, virtual clock: waiting costs no real time); with
 * --url it calls a running `hotline serve`, signing requests like Twilio.
 */
export async function runCall(flowSpec: string | undefined, flags: CallFlags, deps: CallDeps): Promise<number> {
  const agentAfterSec = Number(flags.agentAfter);
  const talkSec = Number(flags.talk);
  if (!Number.isFinite(agentAfterSec) || agentAfterSec < 0) throw new HotlineError('HOTLINE_CONFIG_INVALID', `--agent-after must be seconds >= 0, got "${flags.agentAfter}".`);
  if (!Number.isFinite(talkSec) || talkSec < 0) throw new HotlineError('HOTLINE_CONFIG_INVALID', `--talk must be seconds >= 0, got "${flags.talk}".`);
  const callSid = `CA${Array.from({ length: 32 }, (_, i) => ((deps.now() / 1000 + i * 7919) % 16 | 0).toString(16)).join('')}`;
  let post: SoftphonePost;
  let advance: (sec: number) => void = () => undefined;
  let fetchRecord: () => Promise<CallRecord | undefined>;
  let cleanup = async () => undefined as void;

  if (flags.url) {
    const base = flags.url.replace(/\/+$/, '');
    if (!isLoopbackUrl(base) && !flags.allowRemote) {
      throw new HotlineError('HOTLINE_CONFIG_INVALID', `--url ${base} is not a loopback address; pass --allow-remote to call another host.`);
    }
    const publicUrl = (flags.publicUrl ?? base).replace(/\/+$/, '');
    let token = deps.env.TWILIO_AUTH_TOKEN;
    if (!token) {
      const file = localTokenFile(deps.cwd);
      try {
        token = readFileSync(file, 'utf8').trim();
      } catch {
        throw new HotlineError('HOTLINE_CONFIG_INVALID', `No TWILIO_AUTH_TOKEN and no local token at ${file}; run \`hotline call\` from the folder where \`hotline serve\` runs, or set TWILIO_AUTH_TOKEN.`);
      }
    }
    const authToken = token;
    post = async (path, params) => {
      const res = await fetch(base + path, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(authToken, publicUrl + path, params) },
        body: new URLSearchParams(params).toString(),
      });
      return { status: res.status, body: await res.text() };
    };
    const admin = { 'content-type': 'application/json', ...(deps.env.HOTLINE_ADMIN_TOKEN ? { authorization: `Bearer ${deps.env.HOTLINE_ADMIN_TOKEN}` } : {}) };
    const skills = ['general', 'enterprise', 'social-insurance', 'consumer', 'dialect', 'foreign-language'];
    const put = await fetch(`${base}/admin/agents/${BOT_AGENT_ID}`, { method: 'PUT', headers: admin, body: JSON.stringify({ name: 'bot agent', skills, pool: 'in-house' }) });
    if (!put.ok) throw new HotlineError('HOTLINE_CONFIG_INVALID', `Could not register the bot agent at ${base}/admin/agents: ${put.status} ${await put.text()}`);
    // The server's records, page by page: this call is among the latest, but the server's clock may not be ours.
    fetchRecord = async () => (await listAllCalls(adminClient(base, deps.env.HOTLINE_ADMIN_TOKEN ?? null))).find((c) => c.callSid === callSid);
  } else {
    const flow = await loadFlow(flowSpec ?? DEFAULT_FLOW, deps.cwd);
    const store = new MemoryCallStore();
    let virtualMs = deps.now();
    const authToken = 'softphone-local-token';
    const publicUrl = 'http://softphone.local';
    const app = await buildApp({ flow, store, publicUrl, authToken, clock: () => virtualMs, lookups: { caseStatus: loadCaseDirectory(SAMPLE_CASES) } });
    await store.putAgent({ id: BOT_AGENT_ID, name: 'bot agent', phone: null, skills: [...flow.skills], pool: 'in-house', active: true, pinHash: null });
    advance = (sec) => { virtualMs += sec * 1000; };
    post = async (path, params) => {
      const res = await app.inject({
        method: 'POST', url: path,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(authToken, publicUrl + path, params) },
        payload: new URLSearchParams(params).toString(),
      });
      return { status: res.statusCode, body: res.body };
    };
    fetchRecord = () => store.getRecord(callSid);
    cleanup = async () => { await app.close(); };
    deps.out(`hotline call: flow "${flow.id}" in-process (virtual clock; the bot agent answers after ${agentAfterSec} s of waiting)`);
  }

  const terminal = flags.keys === undefined ? terminalIO(deps.stdin, deps.out) : undefined;
  const io = terminal?.io ?? scriptedIO(flags.keys ?? '', deps.out);
  const phone = new Softphone(io, post, { callSid, from: flags.from, to: '+8653112345', accountSid: ACCOUNT_SID, botAgentId: BOT_AGENT_ID, agentAfterSec, talkSec, advance });
  const result = await phone.run();
  terminal?.close();
  deps.out(`call ended (${result.endedBy}) after ${result.requests} webhook requests`);
  deps.out(summary(await fetchRecord()));
  await cleanup();
  return result.endedBy === 'error' ? 1 : 0;
}
