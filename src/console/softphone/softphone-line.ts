import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { HotlineError } from '../../errors.js';
import type { FlowDefinition } from '../../flow/flow-definition.js';
import { FLOWS_DIR, loadFlow, shippedFlows } from '../../scenario/load-flow.js';
import { buildApp } from '../../server/app.js';
import { loadCaseDirectory } from '../../server/case-directory.js';
import { MemoryCallStore } from '../../store/memory-call-store.js';
import { httpExchange } from '../../twilio/emulator/http-exchange.js';
import type { HttpTransport } from '../../twilio/emulator/http-transport.js';
import { injectTransport } from '../../server/inject-transport.js';
import { LocalLine, localLine } from '../line/local-line.js';

/** The flow name that means "the flow the live line runs". */
export const LIVE_FLOW = 'live';
/** The target that means "this server". */
export const THIS_SERVER = 'this';
/** Host names the softphone may call: this machine only. */
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Where a softphone call goes, as the page asked: a flow (`live` or a flow file's name) and a target. */
export interface SoftphoneTarget {
  readonly flow: string;
  /** `this`, or the base URL of another server on this machine (http://127.0.0.1:PORT). */
  readonly target: string;
}

/** The line a call is placed on, the flow its recording is made with, and whether the line is the call's own. */
export interface OpenedLine {
  readonly line: LocalLine;
  readonly flow: FlowDefinition;
  /** True for a line made for this call (another flow in-process, another server): closed when the call ends. */
  readonly owned: boolean;
  /** What the caller calls, for the page: `this server`, `flow X in-process`, or the other server's origin. */
  readonly description: string;
}

/** The flows the softphone offers: the live line's own, then the flow files of `flowsDir`. */
export function softphoneFlows(flowsDir: string, live: FlowDefinition): { name: string; id: string }[] {
  const files = existsSync(flowsDir) ? shippedFlows(flowsDir) : [];
  return [{ name: LIVE_FLOW, id: live.id }, ...files.map((name) => ({ name, id: name }))];
}

/**
 * The origin of `target` when it is a server on this machine (http or https to 127.0.0.1, [::1] or localhost, no
 * user name or password); else HOTLINE_SOFTPHONE_TARGET_REFUSED: the console never fetches another host.
 */
export function loopbackOrigin(target: string): string {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new HotlineError(
      'HOTLINE_SOFTPHONE_TARGET_REFUSED',
      `target "${target.slice(0, 100)}" is not a URL; give "this" or http://127.0.0.1:PORT.`,
    );
  }
  if (!/^https?:$/.test(url.protocol) || !LOOPBACK_HOSTS.has(url.hostname) || url.username || url.password) {
    throw new HotlineError(
      'HOTLINE_SOFTPHONE_TARGET_REFUSED',
      `target ${url.origin}: the softphone calls only servers on this machine (http://127.0.0.1, [::1] or localhost).`,
    );
  }
  return url.origin;
}

/** HTTP requests to loopback only: a redirect or a TwiML URL that leads elsewhere fails as an unreachable host. */
function loopbackTransport(): HttpTransport {
  return {
    exchange(request) {
      const host = new URL(request.url).hostname;
      if (!LOOPBACK_HOSTS.has(host)) return Promise.resolve({ failure: 'connection-refused', wireMs: 0 });
      return httpExchange(request);
    },
    close: async () => undefined,
  };
}

/**
 * Checks that the server at `origin` is a hotline server (GET /health answers `{ ok: true, flow, flowFingerprint }`,
 * asked through the loopback-only transport); else HOTLINE_SOFTPHONE_TARGET_REFUSED, and nothing of its answer is
 * shown: the softphone must not be a way to read another local service's pages.
 */
export async function checkHotlineServer(origin: string, transport: HttpTransport): Promise<void> {
  const answer = await transport.exchange({
    url: `${origin}/health`,
    method: 'GET',
    headers: { accept: 'application/json' },
    body: undefined,
    timeoutMs: 3000,
    encoding: 'utf8',
  });
  const health = (() => {
    if ('failure' in answer || answer.status !== 200 || answer.body.length > 4096) return null;
    try {
      return JSON.parse(answer.body) as unknown;
    } catch {
      return null;
    }
  })();
  const ok =
    typeof health === 'object' &&
    health !== null &&
    (health as { ok?: unknown }).ok === true &&
    typeof (health as { flow?: unknown }).flow === 'string' &&
    typeof (health as { flowFingerprint?: unknown }).flowFingerprint === 'string';
  if (!ok) {
    throw new HotlineError(
      'HOTLINE_SOFTPHONE_TARGET_REFUSED',
      `target ${origin}: no hotline server answers GET /health there; start one (hotline serve or hotline console) or pick "this".`,
    );
  }
}

/** True on a real deployment: a public URL, where Twilio's real calls arrive. */
function deployed(app: FastifyInstance): boolean {
  return app.hotline.webhookSigning.publicUrl !== null;
}

/** True when `origin` (a loopback origin) is this server's own listening port. */
function isOwnPort(app: FastifyInstance, origin: string): boolean {
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) return false;
  const url = new URL(origin);
  return Number(url.port || (url.protocol === 'https:' ? 443 : 80)) === address.port;
}

async function namedFlow(name: string, flowsDir: string, live: FlowDefinition): Promise<FlowDefinition> {
  if (name === LIVE_FLOW) return live;
  const offered = softphoneFlows(flowsDir, live).some((f) => f.name === name);
  const file = ['.ts', '.js', '.mjs'].map((ext) => join(flowsDir, name + ext)).find((f) => existsSync(f));
  if (!offered || file === undefined) {
    throw new HotlineError(
      'HOTLINE_SOFTPHONE_REQUEST_INVALID',
      `flow "${name.slice(0, 100)}" is not offered; pick "${LIVE_FLOW}" or one of GET /console/api/softphone/flows.`,
    );
  }
  return loadFlow(file);
}

/**
 * Opens the line a softphone call goes on: this server's own local line for its live flow; another flow run
 * in-process as `hotline call FLOW` does (buildApp with that flow on a memory store, on this server's clock); or
 * another server on this machine over HTTP, signed with this server's Auth Token (start both with the same one), once
 * its GET /health shows it is a hotline server. The live flow of a real deployment (a public URL) is refused: test
 * calls would mix with the real line's.
 */
export async function openSoftphoneLine(
  app: FastifyInstance,
  o: { readonly flowsDir: string; readonly live: FlowDefinition },
  want: SoftphoneTarget,
): Promise<OpenedLine> {
  if (want.target === THIS_SERVER && want.flow === LIVE_FLOW && deployed(app)) {
    throw new HotlineError(
      'HOTLINE_SOFTPHONE_TARGET_REFUSED',
      'this server answers real calls (PUBLIC_URL is set): a softphone call to its live flow would land in its records and queues; pick a flow to run in-process, or call a separate `hotline console` server (http://127.0.0.1:PORT).',
    );
  }
  const flow = await namedFlow(want.flow, o.flowsDir, o.live);
  const nowMs = () => app.hotline.nowSec() * 1000;
  if (want.target !== THIS_SERVER) {
    const origin = loopbackOrigin(want.target);
    if (deployed(app) && isOwnPort(app, origin)) {
      throw new HotlineError(
        'HOTLINE_SOFTPHONE_TARGET_REFUSED',
        `target ${origin} is this server, which answers real calls (PUBLIC_URL is set): pick a flow to run in-process, or call a separate \`hotline console\` server.`,
      );
    }
    const transport = loopbackTransport();
    await checkHotlineServer(origin, transport);
    const line = new LocalLine({
      baseUrl: origin,
      authToken: app.hotline.webhookSigning.authToken,
      transport,
      nowMs,
    });
    return { line, flow, owned: true, description: origin };
  }
  if (want.flow === LIVE_FLOW) return { line: localLine(app), flow, owned: false, description: 'this server' };
  const authToken = randomBytes(16).toString('hex');
  const inner = await buildApp({
    flow,
    store: new MemoryCallStore(),
    publicUrl: null,
    authToken,
    clock: nowMs,
    lookups: { caseStatus: loadCaseDirectory(join(FLOWS_DIR, 'data', 'sample-cases.json')) },
  });
  await inner.ready();
  const line = new LocalLine({
    baseUrl: 'http://localhost',
    authToken,
    transport: injectTransport(inner),
    nowMs,
    onClose: () => inner.close(),
  });
  return { line, flow, owned: true, description: `flow ${flow.id} in-process` };
}
