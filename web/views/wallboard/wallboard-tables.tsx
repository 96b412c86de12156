import { fill, formatNumber, formatRate, useLang, useStrings } from '../../i18n.js';
import { STRINGS } from './wallboard-strings.js';
import type { ContractBoard, TargetAssessment, WallboardEvent } from '../../../src/console/wallboard/wallboard-wire.js';

/** The agent states, in the order the wallboard shows them. */
const AGENT_STATES = ['ready', 'on-call', 'wrap-up', 'away', 'logged-out'] as const;

/** Callers waiting and the longest wait, one row per queue (`skill.pool`). */
export function QueueTable({ queues }: { readonly queues: WallboardEvent['feed']['queues'] }) {
  const s = useStrings(STRINGS);
  const lang = useLang();
  const names = Object.keys(queues);
  return (
    <section class="card" data-table="queues">
      <h3>{s.queues}</h3>
      {names.length === 0 ? (
        <p class="muted">{s.noQueue}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{s.queue}</th>
              <th>{s.waiting}</th>
              <th>{s.longestWait}</th>
            </tr>
          </thead>
          <tbody>
            {names.map((name) => {
              const q = queues[name]!;
              return (
                <tr key={name} data-queue={name}>
                  <td>{name}</td>
                  <td data-kpi={`waiting.${name}`} data-value={q.waiting}>
                    {formatNumber(lang, q.waiting)}
                  </td>
                  <td data-kpi={`longestWait.${name}`} data-value={Math.round(q.longestWaitSec)}>
                    {fill(s.seconds, { n: formatNumber(lang, q.longestWaitSec) })}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Agents of each group by state. */
export function AgentTable({ agents }: { readonly agents: WallboardEvent['feed']['agents'] }) {
  const s = useStrings(STRINGS);
  return (
    <section class="card" data-table="agents">
      <h3>{s.agents}</h3>
      <table>
        <thead>
          <tr>
            <th>{s.group}</th>
            {AGENT_STATES.map((state) => (
              <th key={state}>{s[state]}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {Object.entries(agents).map(([group, counts]) => (
            <tr key={group} data-group={group}>
              <td>{group}</td>
              {AGENT_STATES.map((state) => (
                <td key={state} data-kpi={`agents.${group}.${state}`} data-value={counts[state] ?? 0}>
                  {counts[state] ?? 0}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** A target's value as the wallboard writes it (rates as percentages, AHT in seconds). */
function targetText(lang: 'zh' | 'en', t: TargetAssessment, value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '–';
  return t.target === 'aht' ? `${formatNumber(lang, value)} s` : formatRate(lang, value);
}

/** Each contract's targets today and this hour, an alert above when this hour misses one. */
export function ContractTable({ contracts }: { readonly contracts: readonly ContractBoard[] }) {
  const s = useStrings(STRINGS);
  const lang = useLang();
  if (contracts.length === 0) return null;
  const label = (target: string) =>
    target === 'satisfaction' ? s.satisfaction_t : ((s as Record<string, string>)[target] ?? target);
  const verdict = (t: TargetAssessment | undefined) =>
    t === undefined || t.met === null ? s.notJudged : t.met ? s.met : s.missed;
  return (
    <section class="card" data-table="contracts">
      <h3>{s.contracts}</h3>
      {contracts
        .filter((c) => c.breaking.length > 0)
        .map((c) => (
          <p key={c.contract} class="alert" role="alert" data-alert={c.contract}>
            {fill(s.alert, { contract: c.contract, targets: c.breaking.map(label).join('、') })}
          </p>
        ))}
      <table>
        <thead>
          <tr>
            <th>{s.contract}</th>
            <th>{s.target}</th>
            <th>{s.goal}</th>
            <th>{s.today}</th>
            <th>{s.thisHour}</th>
          </tr>
        </thead>
        <tbody>
          {contracts.flatMap((c) =>
            c.today.targets.map((t) => {
              const h = c.hour.targets.find((x) => x.target === t.target);
              const goal =
                t.min !== null && t.max !== null
                  ? `${targetText(lang, t, t.min)} – ${targetText(lang, t, t.max)}`
                  : t.min !== null
                    ? `≥ ${targetText(lang, t, t.min)}`
                    : `≤ ${targetText(lang, t, t.max)}`;
              const key = `contract.${c.contract}.${t.target}`;
              return (
                <tr key={key} data-contract={c.contract} data-target={t.target} data-met={String(h?.met ?? null)}>
                  <td>
                    {c.contract} <span class="muted">({c.group})</span>
                  </td>
                  <td>{label(t.target)}</td>
                  <td>{goal}</td>
                  <td data-kpi={`${key}.today`} data-value={t.actual ?? ''} class={t.met === false ? 'error' : ''}>
                    {targetText(lang, t, t.actual)} <small>{verdict(t)}</small>
                  </td>
                  <td data-kpi={`${key}.hour`} data-value={h?.actual ?? ''} class={h?.met === false ? 'error' : ''}>
                    {h ? targetText(lang, h, h.actual) : '–'} <small>{verdict(h)}</small>
                  </td>
                </tr>
              );
            }),
          )}
        </tbody>
      </table>
    </section>
  );
}
