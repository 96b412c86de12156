/**
 * Writes the sample corpus of recorded calls (`recordings/`): scripted callers
 * run through both shipped flows in virtual time, rendered as the caller's
 * side of the line (8 kHz mu-law WAV: key tones, speech, talk with the agent,
 * noise on some) with the metadata the server writes for live calls.
 * Together the calls take every transition of both flows (test/replay checks it).
 *
 *   npm run corpus [-- --out recordings --voice espeak|synthetic]
 *
 * Speech comes from espeak-ng (resampled by sox) where both are installed,
 * else from a speech-like signal (sox runs without dither, so the same tools
 * give the same bytes). The corpus in the repository was made with
 * espeak-ng 1.51 and sox 14.4.2 (Debian 12).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import direct from '../flows/hotline-12345-direct.js';
import menu from '../flows/hotline-12345-menu.js';
import { readWav } from '../src/audio/pcm.js';
import type { FlowDefinition } from '../src/flow/flow-definition.js';
import { DEFAULT_SPEECH_RATE } from '../src/flow/prompt-duration.js';
import { Rng } from '../src/sim/rng.js';
import { speechLikeVoice, synthesizeRecording, type CallPlan, type Voice } from '../src/replay/synthetic-call.js';

/** Barge in: answer this long after the gather opened. */
const early = (keys: string, inPromptSec = 1.2) => ({ keys, inPromptSec });
const sayEarly = (say: string, inPromptSec = 1.2) => ({ say, inPromptSec });
const none = { none: true } as const;
const answered = { queue: { answerAfterSec: 1 }, handleSec: 2.5 };
const abandons = (sec: number) => ({ queue: { abandonAfterSec: sec } });

const DIRECT: CallPlan[] = [
  { name: 'english-key9', answers: [early('9', 2), early('1', 0.8)], world: answered },
  {
    name: 'other-key-survey-invalid-twice',
    answers: [early('5'), early('8'), early('9')],
    world: answered,
    noiseSnrDb: 20,
  },
  { name: 'fire', answers: [sayEarly('着火了，快来人')], world: { transferStatus: 'completed' } },
  { name: 'medical', answers: [sayEarly('有人晕倒了')], world: { transferStatus: 'completed' }, noiseSnrDb: 15 },
  { name: 'police', answers: [sayEarly('我要报警')], world: { transferStatus: 'busy' } },
  { name: 'traffic', answers: [sayEarly('路口发生车祸')], world: { transferStatus: 'completed' }, noiseSnrDb: 12 },
  { name: 'speech-other-abandons', answers: [sayEarly('我想反映噪音问题')], world: abandons(3) },
  { name: 'no-input-to-queue', answers: [none], world: abandons(1.5) },
  { name: 'queue-failed-voicemail', answers: [early('1')], world: { queue: { failAfterSec: 1 }, messageSec: 2.5 } },
  { name: 'queue-failed-no-message', answers: [early('1')], world: { queue: { failAfterSec: 1 }, messageSec: 0 } },
  { name: 'callback-booked', answers: [early('1')], world: { queue: { callbackAfterSec: 61 } } },
  {
    name: 'callback-leg-survey-silent',
    input: { direction: 'callback', language: 'cmn-CN', skill: 'general' },
    answers: [none, none],
    world: answered,
  },
  { name: 'hangs-up-in-greeting', answers: [{ hangup: true, inPromptSec: 2.5 }] },
];

/**
 * The menu flow's calls. The queue, agent and survey states are one shared
 * definition (`serviceTail` in flows/lib), so the tail's costliest paths (a
 * booked callback after 60 s of waiting, a failed queue, a survey left
 * unanswered twice, a retried or invalid rating) are recorded once, in the
 * direct flow's calls, to keep the corpus under 5 MB.
 */
const MENU: CallPlan[] = [
  { name: 'key1-general', answers: [early('1'), early('1')], world: answered },
  { name: 'key2-enterprise', answers: [early('2')], world: abandons(1.5), noiseSnrDb: 20 },
  { name: 'key3-social-insurance', answers: [early('3')], world: abandons(1.5) },
  { name: 'key4-consumer', answers: [early('4')], world: abandons(1.5) },
  { name: 'key8-dialect', answers: [early('8')], world: abandons(1.5), noiseSnrDb: 15 },
  { name: 'key0-general', answers: [early('0')], world: abandons(1.5) },
  { name: 'key9-english', answers: [early('9'), early('1', 0.8)], world: answered },
  {
    name: 'star-invalid-speech-hash-to-agent',
    answers: [early('*'), early('7'), sayEarly('嗯……那个'), early('#')],
    world: abandons(1),
  },
  { name: 'no-input-invalid-no-input-to-agent', answers: [none, early('6'), none], world: abandons(1) },
  {
    name: 'invalid-invalid-speech-to-agent',
    answers: [early('7'), early('6'), sayEarly('嗯……那个')],
    world: abandons(1),
  },
  { name: 'say-consult', answers: [sayEarly('我想咨询一下')], world: abandons(1.5) },
  { name: 'say-enterprise', answers: [sayEarly('企业开办')], world: abandons(1.5), noiseSnrDb: 20 },
  { name: 'say-social-insurance', answers: [sayEarly('社保缴费')], world: abandons(1.5) },
  { name: 'say-consumer', answers: [sayEarly('消费维权')], world: abandons(1.5) },
  { name: 'say-dialect', answers: [sayEarly('我讲方言')], world: abandons(1.5) },
  { name: 'say-english', answers: [sayEarly('English please')], world: abandons(1.5) },
  { name: 'say-agent', answers: [sayEarly('转人工')], world: abandons(1.5) },
  { name: 'say-fire', answers: [sayEarly('着火了')], world: { transferStatus: 'completed' } },
  { name: 'say-medical', answers: [sayEarly('快叫救护车')], world: { transferStatus: 'no-answer' }, noiseSnrDb: 15 },
  { name: 'say-police', answers: [sayEarly('有小偷')], world: { transferStatus: 'completed' } },
  { name: 'say-traffic', answers: [sayEarly('撞车了')], world: { transferStatus: 'completed' } },
  {
    name: 'say-case-status-report-other',
    answers: [sayEarly('查询工单进度'), early('202611240001#'), early('1')],
    world: { lookupFound: true },
  },
  { name: 'case-silent-invalid-silent-to-agent', answers: [early('5'), none, early('12#'), none], world: abandons(1) },
  {
    name: 'case-found-star-invalid-twice-to-agent',
    answers: [early('5'), early('202611240001#'), early('*'), early('5'), early('12#'), early('99#'), early('1#')],
    world: { ...abandons(1), lookupFound: true },
  },
  {
    name: 'case-not-found-invalid-not-found-to-agent',
    answers: [early('5'), early('202611240002#'), early('12#'), early('202611240003#')],
    world: { ...abandons(1), lookupFound: false },
  },
  {
    name: 'case-found-report-agent',
    answers: [early('5'), early('202611240001#'), early('0')],
    world: { ...abandons(1), lookupFound: true },
  },
  {
    name: 'case-found-report-silent',
    answers: [early('5'), early('202611240001#'), none],
    world: { lookupFound: true },
    noiseSnrDb: 20,
  },
  {
    name: 'callback-leg',
    input: { direction: 'callback', language: 'cmn-CN', skill: 'general' },
    answers: [],
    world: abandons(1),
  },
  { name: 'hangs-up-at-menu', answers: [{ hangup: true, inPromptSec: 3 }] },
];

function espeakVoice(): Voice | null {
  try {
    execFileSync('espeak-ng', ['--version'], { stdio: 'ignore' });
    execFileSync('sox', ['--version'], { stdio: 'ignore' });
  } catch {
    return null;
  }
  return (text) => {
    const voice = /[\u3400-\u9fff]/.test(text) ? 'cmn' : 'en-us';
    const raw = execFileSync('espeak-ng', ['-v', voice, '-s', '170', '--stdout', text]);
    const wav = execFileSync(
      'sox',
      ['-V1', '-D', '-t', 'wav', '-', '-r', '8000', '-c', '1', '-b', '16', '-t', 'wav', '-', 'norm', '-6'],
      { input: raw },
    );
    return readWav(wav, `espeak "${text}"`).samples;
  };
}

const program = new Command()
  .option('--out <dir>', 'folder to write (emptied of .wav/.json first)', 'recordings')
  .option('--voice <voice>', 'espeak (espeak-ng + sox) or synthetic', 'espeak')
  .parse();
const options = program.opts<{ out: string; voice: string }>();
const out = resolve(options.out);
const voice = (options.voice === 'espeak' ? espeakVoice() : null) ?? speechLikeVoice(7);
if (options.voice === 'espeak' && voice === null)
  console.error('espeak-ng or sox not found: using the speech-like stand-in voice');

mkdirSync(out, { recursive: true });
for (const f of readdirSync(out)) if (f.endsWith('.wav') || f.endsWith('.json')) rmSync(join(out, f));

const rng = new Rng(20261124);
let total = 0;
let count = 0;
const sets: [string, FlowDefinition, CallPlan[]][] = [
  ['direct', direct, DIRECT],
  ['menu', menu, MENU],
];
for (const [prefix, flow, plans] of sets) {
  plans.forEach((plan, i) => {
    const name = `${prefix}-${String(i + 1).padStart(2, '0')}-${plan.name}`;
    // Arrivals on weekdays of one week, in office hours, as most 12345 calls come.
    const day = 2 + Math.floor(rng.next() * 5);
    const secOfDay = Math.floor((8 + rng.next() * 10) * 3600);
    const arrivalAt = `2026-11-${String(day).padStart(2, '0')}T${String(Math.floor(secOfDay / 3600)).padStart(2, '0')}:${String(Math.floor(secOfDay / 60) % 60).padStart(2, '0')}:${String(secOfDay % 60).padStart(2, '0')}+08:00`;
    const callSid = `CA${(count + 1).toString(16).padStart(32, '0')}`;
    const recording = synthesizeRecording(flow, plan, {
      speechRate: DEFAULT_SPEECH_RATE,
      voice,
      seed: 1000 + count,
      arrivalAt,
      audioFile: `${name}.wav`,
      callSid,
    });
    writeFileSync(join(out, `${name}.wav`), recording.wav);
    writeFileSync(join(out, `${name}.json`), `${JSON.stringify(recording.metadata, null, 2)}\n`);
    total += recording.wav.length;
    count += 1;
    console.log(
      `${name}: ${recording.metadata.destination}, ${recording.metadata.outcome}, ${(recording.wav.length / 8000).toFixed(1)} s of audio`,
    );
  });
}
console.log(`${count} recordings, ${(total / 1e6).toFixed(2)} MB of audio in ${out}`);
