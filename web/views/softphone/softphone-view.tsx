import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, openEvents } from '../../api.js';
import { fill, useStrings } from '../../i18n.js';
import type { Session } from '../../session.js';
import { PromptPlayer } from './prompt-player.js';
import { SOFTPHONE_STRINGS } from './softphone-strings.js';
import type {
  EndEvent,
  InputEvent,
  PromptEvent,
  QueuedEvent,
  QueueEvent,
  WebhookEvent,
} from '../../../src/console/line/line-wire.js';
import type { PlacedCall, SavedCall, SoftphoneOffer } from '../../../src/console/softphone/softphone-wire.js';
import { type CallState, CallTranscript } from './call-transcript.js';
import { WebhookPanel } from './webhook-panel.js';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

function message(error: unknown): string {
  return error instanceof ApiError || error instanceof Error ? error.message : String(error);
}

/** The softphone: call a flow through the local Twilio emulator, answer it from a keypad and a speech box, read it. */
export function SoftphoneView(_props: { readonly session: Session }) {
  const t = useStrings(SOFTPHONE_STRINGS);
  const [offer, setOffer] = useState<SoftphoneOffer | null>(null);
  const [form, setForm] = useState({
    flow: 'live',
    target: 'this',
    from: '+8613800138000',
    language: 'cmn-CN',
    readsPrompts: false,
  });
  const [call, setCall] = useState<CallState | null>(null);
  const [digits, setDigits] = useState('');
  const [speech, setSpeech] = useState('');
  const [error, setError] = useState<string | null>(null);
  const close = useRef<(() => void) | null>(null);
  const player = useRef<PromptPlayer | null>(null);

  useEffect(() => {
    api.get<SoftphoneOffer>('/softphone/flows').then(setOffer, (e) => setError(message(e)));
    return () => {
      close.current?.();
      player.current?.stop();
    };
  }, []);

  const update = (change: (c: CallState) => void) =>
    setCall((c) => {
      if (!c) return c;
      const next = { ...c, prompts: [...c.prompts], webhooks: [...c.webhooks] };
      change(next);
      return next;
    });

  async function place() {
    setError(null);
    close.current?.();
    player.current?.stop();
    try {
      const placed = await api.post<PlacedCall>('/softphone/calls', form);
      const state: CallState = {
        id: placed.id,
        prompts: [],
        waiting: null,
        queue: null,
        webhooks: [],
        ended: null,
        saved: null,
      };
      setCall(state);
      setDigits('');
      const voice = offer?.tts ? new PromptPlayer() : null;
      player.current = voice;
      // Each call event has its number: after a reconnect the server sends only later ones, and the page skips any
      // number it already has, so no caption, webhook or spoken prompt is shown or said twice.
      let seen = 0;
      const once =
        (handler: (d: unknown) => void) =>
        (d: unknown, id: number | null): void => {
          if (id !== null && id <= seen) return;
          if (id !== null) seen = id;
          handler(d);
        };
      close.current = openEvents(`/softphone/calls/${placed.id}/events`, {
        prompt: once((d) =>
          update((c) => {
            const p = d as PromptEvent;
            c.prompts.push(p);
            if (p.verb === 'Say' && !form.readsPrompts) voice?.say(p.text, p.language);
          }),
        ),
        input: once((d) => update((c) => void (c.waiting = (d as InputEvent).place))),
        queued: once((d) =>
          update((c) => void (c.queue = { name: (d as QueuedEvent).queue, position: null, waitSec: 0, size: 0 })),
        ),
        queue: once((d) =>
          update((c) => {
            const q = d as QueueEvent;
            c.queue = { name: c.queue?.name ?? '', position: q.position, waitSec: q.waitSec, size: q.size };
          }),
        ),
        webhook: once((d) => update((c) => void c.webhooks.push(d as WebhookEvent))),
        ended: once((d) => {
          update((c) => {
            c.ended = d as EndEvent;
            c.waiting = null;
          });
          close.current?.();
          close.current = null;
        }),
      });
    } catch (e) {
      setError(message(e));
    }
  }

  async function input(body: object) {
    if (!call) return;
    setError(null);
    try {
      await api.post(`/softphone/calls/${call.id}/input`, body);
      update((c) => void (c.waiting = null));
    } catch (e) {
      setError(message(e));
    }
  }

  async function save(name: string) {
    if (!call) return;
    setError(null);
    try {
      const saved = await api.post<SavedCall>(
        `/softphone/calls/${call.id}/save`,
        name.trim() === '' ? {} : { name: name.trim() },
      );
      update((c) => void (c.saved = saved.name));
    } catch (e) {
      setError(message(e));
    }
  }

  const live = call !== null && call.ended === null;
  const waitingText =
    call?.waiting === 'call'
      ? t.waitingCall
      : call?.waiting === 'queue'
        ? t.waitingQueue
        : call?.waiting === 'record'
          ? t.waitingRecord
          : t.notWaiting;
  return (
    <section class="softphone" data-softphone={call ? (live ? 'live' : 'ended') : 'idle'}>
      <h2>{t.title}</h2>
      {error ? (
        <p class="alert" data-error>
          {error}
        </p>
      ) : null}
      <div class="card" data-setup>
        <label>
          {t.flow}{' '}
          <select
            data-field="flow"
            value={form.flow}
            onChange={(e) => setForm({ ...form, flow: e.currentTarget.value })}
          >
            {(offer?.flows ?? []).map((f) => (
              <option key={f.name} value={f.name} data-flow={f.name}>
                {f.name === 'live' ? `${t.liveFlow} (${f.id})` : f.name}
              </option>
            ))}
          </select>
        </label>{' '}
        <label title={t.targetHint}>
          {t.target}{' '}
          <input
            data-field="target"
            value={form.target}
            onInput={(e) => setForm({ ...form, target: e.currentTarget.value })}
          />
        </label>{' '}
        <label>
          {t.from}{' '}
          <input
            data-field="from"
            value={form.from}
            onInput={(e) => setForm({ ...form, from: e.currentTarget.value })}
          />
        </label>{' '}
        <label>
          {t.language}{' '}
          <select
            data-field="language"
            value={form.language}
            onChange={(e) => setForm({ ...form, language: e.currentTarget.value })}
          >
            <option value="cmn-CN">普通话</option>
            <option value="en-US">English</option>
          </select>
        </label>{' '}
        <label>
          <input
            type="checkbox"
            data-field="reads-prompts"
            checked={form.readsPrompts}
            onChange={(e) => setForm({ ...form, readsPrompts: e.currentTarget.checked })}
          />{' '}
          {t.readsPrompts}
        </label>{' '}
        <button type="button" class="primary" data-action="call" disabled={live || offer === null} onClick={place}>
          {t.call}
        </button>{' '}
        <button type="button" data-action="hangup" disabled={!live} onClick={() => input({ kind: 'hangup' })}>
          {t.hangUp}
        </button>
        <p class="muted" data-tts={offer?.tts ? 'on' : 'off'}>
          {offer?.tts ? t.ttsOn : t.ttsOff} ·{' '}
          {offer ? fill(t.limits, { calls: offer.limits.calls, min: offer.limits.callSec / 60 }) : ''}
        </p>
      </div>
      {call ? (
        <div class="grid wide">
          <div class="card">
            <p data-waiting={call.waiting ?? 'none'} class={call.waiting ? 'ok' : 'muted'}>
              {call.ended ? '' : waitingText}
            </p>
            <h3>{t.keypad}</h3>
            <div style={{ display: 'grid', gridTemplateColumns: 'repeat(3, 3rem)', gap: '0.3rem' }}>
              {KEYS.map((k) => (
                <button type="button" key={k} data-key={k} disabled={!live} onClick={() => setDigits(digits + k)}>
                  {k}
                </button>
              ))}
            </div>
            <p>
              <code data-digits>{digits || '–'}</code>{' '}
              <button
                type="button"
                class="primary"
                data-action="send-keys"
                disabled={!live || digits === ''}
                onClick={() => input({ kind: 'keys', digits }).then(() => setDigits(''))}
              >
                {t.send}
              </button>{' '}
              <button type="button" data-action="clear-keys" disabled={digits === ''} onClick={() => setDigits('')}>
                {t.clear}
              </button>{' '}
              <button
                type="button"
                data-action="no-input"
                disabled={!live}
                onClick={() => input({ kind: 'keys', digits: '' })}
              >
                {t.noInput}
              </button>
            </p>
            <p>
              <input
                data-field="speech"
                placeholder={t.sayPlaceholder}
                value={speech}
                maxLength={200}
                onInput={(e) => setSpeech(e.currentTarget.value)}
              />{' '}
              <button
                type="button"
                data-action="say"
                disabled={!live || speech.trim() === ''}
                onClick={() => input({ kind: 'speech', text: speech }).then(() => setSpeech(''))}
              >
                {t.say}
              </button>
            </p>
            <CallTranscript call={call} onSave={save} />
          </div>
          <WebhookPanel items={call.webhooks} />
        </div>
      ) : null}
    </section>
  );
}
