import { useStrings } from '../../i18n.js';
import type { WebhookEvent } from '../../../src/console/line/line-wire.js';
import { SOFTPHONE_STRINGS } from './softphone-strings.js';

/** The side panel: each webhook of the call, one line each, opening to its parameters and the TwiML answered. */
export function WebhookPanel({ items }: { readonly items: readonly WebhookEvent[] }) {
  const t = useStrings(SOFTPHONE_STRINGS);
  return (
    <aside class="card" data-webhooks={items.length}>
      <h3>{t.webhooks}</h3>
      {items.map((w, i) => (
        <details key={i} data-webhook={w.path.split('?')[0]} data-request={w.request}>
          <summary>
            <code>
              {w.atSec.toFixed(1)} s · {w.method} {w.path} → {w.status ?? '–'}
            </code>
            {w.error ? <span class="error"> {w.error}</span> : null}
          </summary>
          <h4>{t.params}</h4>
          <div style={{ overflowX: 'auto' }}>
            <table data-params>
              <tbody>
                {Object.entries(w.params).map(([k, v]) => (
                  <tr key={k}>
                    <th>{k}</th>
                    <td>{v}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {w.request === 'audio' ? null : (
            <>
              <h4>{t.twiml}</h4>
              <pre data-twiml style={{ whiteSpace: 'pre-wrap', overflowX: 'auto' }}>
                {w.body}
              </pre>
            </>
          )}
        </details>
      ))}
    </aside>
  );
}
