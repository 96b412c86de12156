import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError, api, openEvents } from '../../api.js';
import { fill, useLang, useStrings } from '../../i18n.js';
import type { Session } from '../../session.js';
import { AGENT_STRINGS, callTypeName, clockTime, duration, languageName, stateName } from './agent-strings.js';
import type { AgentCall, AgentMe } from '../../../src/console/agent/agent-wire.js';
import { CallerCard } from './caller-card.js';
import { WrapUpForm, type WrapUpChoice } from './wrap-up-form.js';

/**
 * The agent desktop: the agent's state (ready / away), the caller bridged to them, the wrap-up of their call, and
 * their own calls of today. Updates arrive as server-sent events (GET /console/api/agent/events).
 */
export function AgentView(_props: { readonly session: Session }) {
  const s = useStrings(AGENT_STRINGS);
  const lang = useLang();
  const [me, setMe] = useState<AgentMe | null>(null);
  const [calls, setCalls] = useState<readonly AgentCall[]>([]);
  const [error, setError] = useState('');

  const loadCalls = useCallback(() => {
    api
      .get<{ calls: AgentCall[] }>('/agent/calls')
      .then((r) => setCalls(r.calls))
      .catch((e: unknown) => setError(e instanceof ApiError ? e.message : String(e)));
  }, []);
  useEffect(() => openEvents('/agent/events', { me: (data) => setMe(data as AgentMe) }), []);
  const state = me?.status.state;
  const callSid = me?.call?.callSid;
  // The list changes when a call starts or ends, and after a wrap-up.
  useEffect(loadCalls, [state, callSid]);

  const run = async (work: () => Promise<unknown>) => {
    setError('');
    try {
      await work();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };
  const setState = (to: 'ready' | 'away') => run(() => api.post('/agent/state', { state: to }));
  const wrapUp = (choice: WrapUpChoice) =>
    run(async () => {
      await api.post('/agent/wrap-up', choice);
      loadCalls();
    });

  if (me === null) return <section class="agent" data-agent-desktop="loading" />;
  const onCall = me.status.state === 'on-call';
  return (
    <section class="agent" data-agent-desktop={me.agent.id}>
      <h1>{s.title}</h1>
      {error && (
        <p class="error" role="alert" data-error>
          {error}
        </p>
      )}
      <div class="card" data-agent-state={me.status.state}>
        <p>
          {s.state}: <strong data-field="state">{stateName(lang, me.status.state)}</strong>{' '}
          <span class="muted">{fill(s.since, { time: clockTime(lang, me.status.sinceSec) })}</span>
        </p>
        <p class="muted">
          {s.group}: {me.agent.group} · {s.skills}: {me.agent.skills.join(', ')}
        </p>
        <button
          type="button"
          data-action="ready"
          disabled={onCall || me.status.state === 'ready'}
          onClick={() => void setState('ready')}
        >
          {s.ready}
        </button>{' '}
        <button
          type="button"
          data-action="away"
          disabled={onCall || me.status.state === 'away' || me.status.state === 'logged-out'}
          onClick={() => void setState('away')}
        >
          {s.away}
        </button>{' '}
        {me.localLine && onCall && (
          <button type="button" data-action="end-call" onClick={() => void run(() => api.post('/agent/end-call'))}>
            {s.endCall}
          </button>
        )}
        {me.localLine && (
          <p class="muted" data-local-line>
            {s.localLine}
          </p>
        )}
      </div>
      <div class="grid wide">
        <CallerCard call={me.call} />
        {me.call && (
          <WrapUpForm
            call={me.call}
            callTypes={me.callTypes}
            inWrapUp={me.status.state === 'wrap-up'}
            onSubmit={wrapUp}
          />
        )}
      </div>
      <section class="card" data-calls>
        <h2>{s.today}</h2>
        {calls.length === 0 ? (
          <p class="muted">{s.noCalls}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>{s.arrival}</th>
                <th>{s.language}</th>
                <th>{s.wait}</th>
                <th>{s.talk}</th>
                <th>{s.callType}</th>
                <th>{s.resolved}</th>
              </tr>
            </thead>
            <tbody>
              {calls.map((c) => (
                <tr key={c.callSid} data-call-sid={c.callSid} data-call-type={c.callType ?? ''}>
                  <td>{clockTime(lang, c.arrivalSec)}</td>
                  <td>{languageName(lang, c.language)}</td>
                  <td>{duration(lang, c.waitSec)}</td>
                  <td>{duration(lang, c.talkSec)}</td>
                  <td>{c.callType === null ? '–' : callTypeName(lang, c.callType)}</td>
                  <td data-resolved={c.resolved === null ? '' : String(c.resolved)}>
                    {c.resolved === null ? '–' : c.resolved ? s.yes : s.no}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </section>
  );
}
