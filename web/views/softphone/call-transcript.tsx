import { useState } from 'preact/hooks';
import { fill, useStrings } from '../../i18n.js';
import { SOFTPHONE_STRINGS } from './softphone-strings.js';
import type { EndEvent, InputEvent, PromptEvent, WebhookEvent } from '../../../src/console/line/line-wire.js';

/** The caller's place in its queue, as the wait URL was told it. */
export interface QueueState {
  name: string;
  position: number | null;
  waitSec: number;
  size: number;
}
/** The page's view of its call, built from the call's events. */
export interface CallState {
  readonly id: string;
  prompts: PromptEvent[];
  waiting: InputEvent['place'] | null;
  queue: QueueState | null;
  webhooks: WebhookEvent[];
  ended: EndEvent | null;
  saved: string | null;
}

/** The queue line: position, wait and size as the wait URL was told them. */
function position(text: string, q: QueueState): string {
  return fill(text, { position: q.position ?? '–', wait: q.waitSec, size: q.size });
}

/** The call as heard: the queue, the captions, and once ended, how it ended and saving it as a recording. */
export function CallTranscript({
  call,
  onSave,
}: {
  readonly call: CallState;
  readonly onSave: (name: string) => void;
}) {
  const t = useStrings(SOFTPHONE_STRINGS);
  const [name, setName] = useState('');
  return (
    <>
      {call.queue ? (
        <p data-queue={call.queue.name} data-position={call.queue.position ?? ''}>
          <strong>{t.queue}</strong>: {fill(t.queued, { queue: call.queue.name })}
          {call.queue.position === null ? '' : ` · ${position(t.position, call.queue)}`}
        </p>
      ) : null}
      <h3>{t.captions}</h3>
      <ol data-captions={call.prompts.length}>
        {call.prompts.map((p, i) => (
          <li key={i} data-caption={p.verb} data-place={p.place} lang={p.language === 'en-US' ? 'en' : 'zh-CN'}>
            <span class="muted">{p.atSec.toFixed(1)} s </span>
            {p.verb === 'Say'
              ? `[${p.language}] ${p.text}`
              : p.verb === 'Play'
                ? `(${/^[0-9*#wW]+$/.test(p.text) ? t.tones : t.audio} ${p.text})`
                : `(${t.silence} ${p.durationSec} s)`}
          </li>
        ))}
      </ol>
      {call.ended ? (
        <div data-ended={call.ended.endedBy}>
          <p>
            {fill(t.ended, {
              endedBy: call.ended.endedBy,
              status: call.ended.status,
              sec: call.ended.durationSec,
            })}
          </p>
          {call.ended.errors.length > 0 ? (
            <p class="error">
              {t.errors}: {call.ended.errors.join('; ')}
            </p>
          ) : null}
          <p>
            <input
              data-field="recording-name"
              placeholder={t.recordingName}
              value={name}
              maxLength={64}
              onInput={(e) => setName(e.currentTarget.value)}
            />{' '}
            <button
              type="button"
              class="primary"
              data-action="save"
              disabled={call.saved !== null}
              onClick={() => onSave(name.trim())}
            >
              {t.save}
            </button>
          </p>
          {call.saved ? (
            <p data-saved={call.saved}>
              {fill(t.saved, { name: call.saved })} · {t.download}{' '}
              <a data-download="json" href={`/console/api/softphone/calls/${call.id}/recording?file=json`} download>
                JSON
              </a>{' '}
              <a data-download="wav" href={`/console/api/softphone/calls/${call.id}/recording?file=wav`} download>
                WAV
              </a>
            </p>
          ) : null}
        </div>
      ) : null}
    </>
  );
}
