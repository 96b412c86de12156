import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync, copyFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import direct from '../../flows/hotline-12345-direct.js';
import menu from '../../flows/hotline-12345-menu.js';
import { serviceTail } from '../../flows/lib/hotline-12345-common.js';
import type { CallEvent } from '../../src/flow/call-event.js';
import type { FlowDefinition } from '../../src/flow/flow-definition.js';
import { CompiledFlow } from '../../src/flow/runtime/compiled-flow.js';
import { DEFAULT_SPEECH_RATE } from '../../src/flow/prompt-duration.js';
import { readRecording, recordingPaths, type Recording } from '../../src/replay/recording-files.js';
import { replayRecording, stepText } from '../../src/replay/replay-recording.js';
import { KpiAccumulator } from '../../src/analysis/kpis.js';
import { changedMenu } from '../fixtures/flows/menu-key3-to-consumer.js';

const RECORDINGS = resolve(import.meta.dirname, '../../recordings');
const corpus: Recording[] = recordingPaths([RECORDINGS], process.cwd()).map(readRecording);
const flows: Record<string, FlowDefinition> = { [direct.id]: direct, [menu.id]: menu };
const options = { speechRate: DEFAULT_SPEECH_RATE };

/**
 * Every transition of a flow, as `state|EVENT|branch`, and those a journey
 * takes (found by running the journey's events through the compiled flow and
 * asking which guarded branch fires). HANGUP, defined once on the root, counts once.
 */
function transitions(flow: FlowDefinition): Set<string> {
  const compiled = new CompiledFlow(flow);
  const all = new Set<string>();
  for (const state of compiled.states) {
    for (const i of state.always.keys()) all.add(`${state.id}|always|${i}`);
    for (const [type, list] of state.on)
      if (type !== 'HANGUP') for (const i of list.keys()) all.add(`${state.id}|${type}|${i}`);
  }
  all.add('*|HANGUP|0');
  return all;
}

function taken(flow: FlowDefinition, recording: Recording): string[] {
  const compiled = new CompiledFlow(flow);
  const m = recording.metadata;
  const cursor = compiled.start(
    m.direction === 'callback' ? { direction: 'callback', language: 'cmn-CN', skill: m.skill ?? 'general' } : undefined,
  );
  const out = [`start|always|${m.direction === 'callback' ? 0 : 1}`];
  for (const step of m.journey) {
    if (!step.event) continue;
    const event = step.event as CallEvent;
    const state = compiled.states[cursor.state]!;
    if (event.type === 'HANGUP') out.push('*|HANGUP|0');
    else {
      const list = state.on.get(event.type) ?? [];
      const branch = list.findIndex((t) => t.guard === null || t.guard(cursor.ctx, event));
      out.push(`${state.id}|${event.type}|${branch}`);
    }
    expect(compiled.send(cursor, event), `${recording.file}: ${stepText(step)}`).toBe(true);
  }
  return out;
}

describe('the sample corpus (recordings/)', () => {
  it('has at least 30 calls under 5 MB, some noisy and some with speech, every caller number hashed', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(30);
    const bytes = readdirSync(RECORDINGS).reduce((sum, f) => sum + statSync(join(RECORDINGS, f)).size, 0);
    expect(bytes).toBeLessThan(5_000_000);
    expect(corpus.filter((r) => r.metadata.transcripts.length > 0).length).toBeGreaterThanOrEqual(10);
    for (const r of corpus) {
      expect(r.metadata.callerHash).toMatch(/^[0-9a-f]{32}$/);
      expect(readFileSync(r.file, 'utf8')).not.toMatch(/"\+\d{8,15}"/);
    }
  });

  it('takes every transition of both shipped flows (the shared queue/agent/survey tail counted once)', () => {
    const tail = new Set(Object.keys(serviceTail));
    const key = (flow: FlowDefinition, t: string) =>
      tail.has(t.split('|')[0]!) || t.startsWith('*|') ? `tail|${t}` : `${flow.id}|${t}`;
    const all = new Set([direct, menu].flatMap((f) => [...transitions(f)].map((t) => key(f, t))));
    const covered = new Set(
      corpus.flatMap((r) => taken(flows[r.metadata.flowId]!, r).map((t) => key(flows[r.metadata.flowId]!, t))),
    );
    expect([...all].filter((t) => !covered.has(t))).toEqual([]);
    expect([...covered].filter((t) => !all.has(t))).toEqual([]);
  });

  it('replays against the shipped flows with no divergence, reaching the recorded destinations', () => {
    for (const recording of corpus) {
      const result = replayRecording(recording, flows[recording.metadata.flowId]!, options);
      expect(result.divergence, recording.file).toBeNull();
      expect(result.destination, recording.file).toBe(recording.metadata.destination);
      expect(result.record.outcome, recording.file).toBe(recording.metadata.outcome);
      // Utterance ends are read from the audio's voice activity: within a few tenths of a second.
      expect(Math.abs(result.ivrSec - recording.metadata.ivrSec!), recording.file).toBeLessThan(0.5);
    }
  });

  it('gives each replayed call a CallRecord that the KPI module counts as the recordings say', () => {
    const kpis = new KpiAccumulator();
    const inbound = corpus.filter((r) => r.metadata.direction !== 'callback');
    for (const recording of corpus)
      kpis.add(replayRecording(recording, flows[recording.metadata.flowId]!, options).record);
    const result = kpis.result();
    expect(result.arrivals).toBe(inbound.length);
    expect(result.answered).toBe(inbound.filter((r) => r.metadata.outcome === 'answered').length);
    expect(result.abandoned).toBe(inbound.filter((r) => r.metadata.outcome === 'abandoned').length);
    expect(result.offered).toBe(inbound.filter((r) => r.metadata.journey.some((s) => s.kind === 'enqueue')).length);
  });

  it('against a changed flow reports exactly the calls that change: those who pressed 3 at the menu', () => {
    const changed = changedMenu();
    const expected = corpus
      .filter(
        (r) =>
          r.metadata.flowId === menu.id &&
          r.metadata.journey.some((s) => s.state === 'menu' && s.event?.type === 'DIGITS' && s.event.digits === '3'),
      )
      .map((r) => r.file);
    expect(expected.length).toBeGreaterThan(0);
    const diverged = corpus
      .filter((r) => r.metadata.flowId === menu.id)
      .map((r) => ({ file: r.file, result: replayRecording(r, changed, options) }))
      .filter((x) => x.result.divergence !== null);
    expect(diverged.map((x) => x.file)).toEqual(expected);
    for (const { result } of diverged) {
      expect(result.divergence).toMatchObject({
        expected: 'queue (social-insurance) ← HANGUP',
        actual: 'queue (consumer) ← HANGUP',
      });
      expect(result.destination).toBe('queue:consumer');
    }
  });
});

describe('reading recordings', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-recordings-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const sample = corpus[0]!;

  it('names the file and the field when metadata breaks the format', () => {
    const bad = {
      ...JSON.parse(readFileSync(sample.file, 'utf8')),
      callerHash: '+8613800138000',
      journey: [{ state: 'x' }],
    };
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(bad));
    copyFileSync(join(RECORDINGS, sample.metadata.audio!.file), join(dir, sample.metadata.audio!.file));
    expect(() => readRecording(join(dir, 'bad.json'))).toThrow(
      /bad\.json: callerHash: a hex hash \(never a phone number\)/,
    );
    expect(() => readRecording(join(dir, 'bad.json'))).toThrow(/journey\[0\]\.kind/);
  });

  it('says which file is missing', () => {
    writeFileSync(join(dir, 'lonely.wav'), Buffer.alloc(0));
    expect(() => readRecording(join(dir, 'lonely.wav'))).toThrow(/no metadata file .*lonely\.json/);
    writeFileSync(
      join(dir, 'nowav.json'),
      JSON.stringify({ ...JSON.parse(readFileSync(sample.file, 'utf8')), audio: { file: 'gone.wav' } }),
    );
    expect(() => readRecording(join(dir, 'nowav.json'))).toThrow(/audio\.file "gone\.wav" does not exist/);
  });
});
