import { useEffect, useState } from 'preact/hooks';
import { useLang, useStrings } from '../../i18n.js';
import { AGENT_STRINGS, callTypeName } from './agent-strings.js';
import type { CallerCard as CallerCardData } from '../../../src/console/agent/agent-wire.js';

/** What the agent records of a call at wrap-up. */
export interface WrapUpChoice {
  readonly callSid: string;
  readonly callType: string;
  readonly resolved: boolean;
}

/**
 * The wrap-up form of the agent's call: request type and resolved yes/no. During the call it can be filled in
 * already; in wrap-up, saving it also takes the next call.
 */
export function WrapUpForm({
  call,
  callTypes,
  inWrapUp,
  onSubmit,
}: {
  readonly call: CallerCardData;
  readonly callTypes: readonly string[];
  readonly inWrapUp: boolean;
  readonly onSubmit: (choice: WrapUpChoice) => Promise<void>;
}) {
  const s = useStrings(AGENT_STRINGS);
  const lang = useLang();
  const [callType, setCallType] = useState(call.callType ?? '');
  const [resolved, setResolved] = useState<boolean | null>(call.resolved);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setCallType(call.callType ?? '');
    setResolved(call.resolved);
  }, [call.callSid]);
  const submit = async (event: Event) => {
    event.preventDefault();
    if (callType === '' || resolved === null) return;
    setBusy(true);
    try {
      await onSubmit({ callSid: call.callSid, callType, resolved });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="card wrap-up" data-wrap-up={call.callSid} onSubmit={submit}>
      <h2>{s.wrapUp}</h2>
      <label>
        {s.callType}{' '}
        <select
          name="callType"
          data-field="call-type"
          value={callType}
          onChange={(e) => setCallType((e.target as HTMLSelectElement).value)}
        >
          <option value="">{s.choose}</option>
          {callTypes.map((type) => (
            <option key={type} value={type}>
              {callTypeName(lang, type)}
            </option>
          ))}
        </select>
      </label>
      <fieldset data-field="resolved">
        <legend>{s.resolved}</legend>
        <label>
          <input
            type="radio"
            name="resolved"
            value="yes"
            checked={resolved === true}
            onChange={() => setResolved(true)}
          />{' '}
          {s.yes}
        </label>{' '}
        <label>
          <input
            type="radio"
            name="resolved"
            value="no"
            checked={resolved === false}
            onChange={() => setResolved(false)}
          />{' '}
          {s.no}
        </label>
      </fieldset>
      <button type="submit" data-action="wrap-up" disabled={busy || callType === '' || resolved === null}>
        {inWrapUp ? s.next : s.save}
      </button>
    </form>
  );
}
