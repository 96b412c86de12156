/**
 * Summarises a V8 .cpuprofile (from bench/profile-voice.ts, `node --cpu-prof`, or
 * DevTools): self and inclusive time per function (grouped by name + file + line),
 * per package / source file, and inclusive time of a few named components.
 *
 * Run: `node --import tsx bench/analyze-cpuprofile.ts FILE [--requests N] [--top 25]`
 * With --requests, times are also shown as µs per request.
 */
import { readFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const file = process.argv[2];
if (!file || file.startsWith('--')) {
  console.error('usage: analyze-cpuprofile FILE [--requests N] [--top 25]');
  process.exit(2);
}
const requests = Number(arg('--requests') ?? 0);
const top = Number(arg('--top') ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

const ROOT = process.cwd().replace(/\\/g, '/');
/** A short, stable name for a script URL: 'src/flow/runtime/flow-call.ts', 'xstate/dist/…', 'node:internal/…'. */
function shortUrl(url: string): string {
  if (!url) return '';
  let u = url.replace(/^file:\/\//, '');
  const nm = u.lastIndexOf('/node_modules/');
  if (nm >= 0) return u.slice(nm + '/node_modules/'.length);
  if (u.startsWith(`${ROOT}/`)) u = u.slice(ROOT.length + 1);
  return u;
}
/** Package or source file a frame belongs to. */
function groupOf(frame: CallFrame): string {
  const url = frame.url;
  if (!url) return frame.functionName.startsWith('(') ? frame.functionName : '(native / V8 builtins)';
  if (url.startsWith('node:')) return 'node: core';
  const s = shortUrl(url);
  if (s.startsWith('src/') || s.startsWith('flows/') || s.startsWith('bench/')) return s;
  const parts = s.split('/');
  return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
}
// Line numbers of tsx-compiled .ts files are not meaningful (0 for every function): shown for .js only.
const keyOf = (f: CallFrame) =>
  `${f.functionName || '(anonymous)'}  ${shortUrl(f.url)}${f.url && !/\.[cm]?ts$/.test(f.url) ? `:${f.lineNumber + 1}` : ''}`;

const byId = new Map<number, ProfileNode>();
const parent = new Map<number, number>();
for (const node of profile.nodes) byId.set(node.id, node);
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

// Duration of sample i: the delta to the next sample (the last one gets the mean).
const n = profile.samples.length;
const total = profile.endTime - profile.startTime;
const durations = profile.samples.map((_, i) => (i + 1 < n ? profile.timeDeltas[i + 1]! : total / n));

const self = new Map<string, number>();
const incl = new Map<string, number>();
const groupSelf = new Map<string, number>();
const groupIncl = new Map<string, number>();
const keyGroup = new Map<string, string>();
const stacks: { keys: Set<string>; names: string[]; dur: number }[] = [];
let idle = 0;
const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);

for (let i = 0; i < n; i += 1) {
  const leaf = byId.get(profile.samples[i]!)!;
  const dur = durations[i]!;
  if (leaf.callFrame.functionName === '(idle)') {
    idle += dur;
    continue;
  }
  const leafKey = keyOf(leaf.callFrame);
  add(self, leafKey, dur);
  add(groupSelf, groupOf(leaf.callFrame), dur);
  const keys = new Set<string>();
  const groups = new Set<string>();
  const names: string[] = [];
  for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) {
    const f = byId.get(id)!.callFrame;
    if (f.functionName === '(root)') continue;
    const k = keyOf(f);
    keyGroup.set(k, groupOf(f));
    keys.add(k);
    groups.add(groupOf(f));
    names.push(`${f.functionName}@${shortUrl(f.url)}`);
  }
  for (const k of keys) add(incl, k, dur);
  for (const g of groups) add(groupIncl, g, dur);
  stacks.push({ keys, names, dur });
}

const busy = total - idle;
const fmtMs = (us: number) => (us / 1000).toFixed(1).padStart(8);
const fmtPct = (us: number) => `${((us / busy) * 100).toFixed(1)}%`.padStart(6);
const fmtPer = (us: number) => (requests > 0 ? (us / requests).toFixed(1).padStart(7) : '');
const perHead = requests > 0 ? '  µs/req' : '';
function table(title: string, entries: [string, number][]) {
  console.log(`\n${title}\n      ms   %busy${perHead}  function / group`);
  for (const [k, v] of entries) console.log(`${fmtMs(v)}  ${fmtPct(v)} ${fmtPer(v)}  ${k}`);
}
const sorted = (m: Map<string, number>, filter: (k: string) => boolean = () => true) =>
  [...m].filter(([k]) => filter(k)).sort((a, b) => b[1] - a[1]);

console.log(`${file}`);
console.log(
  `profiled ${(total / 1e6).toFixed(2)} s, ${n} samples, busy (non-idle) ${(busy / 1e6).toFixed(2)} s${requests > 0 ? `, ${requests} requests → ${(busy / requests).toFixed(1)} µs busy per request` : ''}`,
);
table(`Top ${top} by self time`, sorted(self).slice(0, top));
table('Self time by package / source file', sorted(groupSelf).slice(0, top));
table('Inclusive time by package / source file (samples with any frame in it)', sorted(groupIncl).slice(0, top));
const ours = (k: string) => /^(src|flows)\//.test(keyGroup.get(k) ?? '');
table(`Top ${top} of our functions (src/, flows/) by inclusive time`, sorted(incl, ours).slice(0, top));
table(`Top ${top} of all functions by inclusive time`, sorted(incl).slice(0, top));

/** Components: inclusive time of samples whose stack has a frame matching `test` (name@file). */
const COMPONENTS: [string, RegExp][] = [
  ['fastify: form body parse (fast-querystring)', /^parse@fast-querystring\//],
  ['fastify: body schema validation (ajv)', /^(validate|validateParam)@fastify\/lib\/validation/],
  ['twilio signature check (preValidation hook)', /^checkTwilioSignature@/],
  ['  twilio.validateRequest', /^validateRequest@twilio\//],
  // incoming() awaits, and proceed() resumes in microtasks without incoming() on the stack: count both.
  ['CallService.incoming + proceed (the /voice handler)', /^(incoming|proceed)@src\/server\/call-service/],
  ['  store.getSession (CallSid already known?)', /^getSession@src\/store\//],
  ['  FlowCall.start (createActor + actor.start + activeStep)', /^start@src\/flow\/runtime\/flow-call/],
  ['    xstate createActor (incl. initial snapshot)', /^createActor@xstate\//],
  [
    '    xstate initial transition (macrostep/microstep, always)',
    /^(macrostep|microstep|initialMicrostep|transition)@xstate\//,
  ],
  ['  FlowCall.advance (resolvedStep, announce/lookup passes)', /^advance@src\/flow\/runtime\/flow-call/],
  ['  activeStep (snapshot.getMeta + scan)', /^activeStep@src\/flow\/runtime\/xstate-engine/],
  ['    xstate snapshot.getMeta', /^getMeta@xstate\//],
  ['  xstate snapshot.can', /^can@xstate\//],
  ['  xstate snapshot.hasTag', /^hasTag@xstate\//],
  ['  newCallRecord', /^newCallRecord@src\//],
  ['  hashCaller (HMAC-SHA256)', /^hashCaller@/],
  ['  call.persist (getPersistedSnapshot)', /^(persist@src|getPersistedSnapshot@xstate)/],
  ['  store.saveSession', /^saveSession@src\/store\//],
  ['    structuredClone (memory store clone())', /^(@src\/store\/memory|clone@src\/store|structuredClone@)/],
  ['  renderStep (TwiML)', /^renderStep@src\/twilio/],
  ['    twilio TwiML / xmlbuilder (all)', /@twilio\/lib\/twiml|@xmlbuilder\//],
  ['    xmlbuilder XMLDOMConfiguration (new per document)', /^XMLDOMConfiguration@xmlbuilder\//],
  ['    VoiceResponse.toString (serialise)', /^toString@twilio\/lib\/twiml/],
  ['tsx keepNames helper __name (Object.defineProperty per closure)', /^__name@/],
  ['fastify reply.send (incl. socket write)', /^Reply\.send@fastify\//],
  ['  writev (socket write syscall: kernel loopback TCP, wake-up of the client)', /^writev@$/],
  ['node http/net/streams (parser, socket)', /@node:_http|@node:net|@node:internal\/stream/],
  ['light-my-request (inject transport only)', /@light-my-request\//],
  ['(garbage collector)', /^\(garbage collector\)@/],
  ['(program) (V8/native outside JS)', /^\(program\)@/],
];
console.log(`\nComponents (inclusive, each sample counted once per component)\n      ms   %busy${perHead}  component`);
for (const [name, re] of COMPONENTS) {
  let us = 0;
  for (const s of stacks) if (s.names.some((x) => re.test(x))) us += s.dur;
  console.log(`${fmtMs(us)}  ${fmtPct(us)} ${fmtPer(us)}  ${name}`);
}
