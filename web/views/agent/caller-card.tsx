import { fill, useLang, useStrings } from '../../i18n.js';
import { AGENT_STRINGS, clockTime, duration, languageName } from './agent-strings.js';
import type { CallerCard as CallerCardData } from '../../../src/console/agent/agent-wire.js';

const DD = { margin: 0, fontWeight: 600 };

/** The caller bridged to the agent (or just talked to): language, IVR path, wait, called before, callback. */
export function CallerCard({ call }: { readonly call: CallerCardData | null }) {
  const s = useStrings(AGENT_STRINGS);
  const lang = useLang();
  if (call === null)
    return (
      <section class="card" data-caller-card="none">
        <h2>{s.caller}</h2>
        <p class="muted">{s.noCall}</p>
      </section>
    );
  const { calledBefore, callback } = call;
  const before = !calledBefore.known
    ? s.withheld
    : calledBefore.calls === 0
      ? fill(s.firstCall, { days: calledBefore.windowDays })
      : fill(s.calledTimes, { days: calledBefore.windowDays, n: calledBefore.calls });
  const callbackText = callback.leg
    ? s.callbackLeg
    : callback.pendingDueSec !== null
      ? fill(s.callbackDue, { time: clockTime(lang, callback.pendingDueSec) })
      : callback.requested
        ? s.callbackRequested
        : s.none;
  return (
    <section class="card" data-caller-card={call.callSid}>
      <h2>{s.caller}</h2>
      <dl class="grid">
        <div class="tile">
          <dt class="label">{s.language}</dt>
          <dd style={DD} data-field="language" data-value={call.language}>
            {languageName(lang, call.language)}
          </dd>
        </div>
        <div class="tile">
          <dt class="label">{s.wait}</dt>
          <dd style={DD} data-field="wait" data-value={call.waitSec ?? ''}>
            {duration(lang, call.waitSec)}
          </dd>
        </div>
        <div class="tile">
          <dt class="label">{s.calledBefore}</dt>
          <dd style={DD} data-field="called-before" data-value={calledBefore.calls}>
            {before}
          </dd>
        </div>
        <div class="tile">
          <dt class="label">{s.callback}</dt>
          <dd
            style={DD}
            data-field="callback"
            data-value={callback.leg ? 'leg' : callback.pendingDueSec !== null ? 'pending' : ''}
          >
            {callbackText}
          </dd>
        </div>
      </dl>
      <h3>{s.ivrPath}</h3>
      <ol data-field="ivr-path">
        {call.ivrPath.map((step, i) => (
          <li key={`${i}-${step.state}`} data-state={step.state} data-kind={step.kind}>
            {step.state}
            {step.key !== undefined && (
              <>
                {' · '}
                {fill(s.pressed, { key: '' })}
                <kbd data-key={step.key}>{step.key}</kbd>
              </>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
