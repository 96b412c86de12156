import { fill, useStrings } from '../../i18n.js';
import { PlannerResults } from './planner-charts.js';
import { PLANNER_STRINGS } from './planner-strings.js';
import type {
  PlannerJobView,
  SimulationResult,
  StaffResult,
  TwinResult,
} from '../../../src/console/planner/planner-wire.js';

/** A staffing plan's agents by hour, per pool. */
function StaffPlan({ result }: { readonly result: StaffResult }) {
  const t = useStrings(PLANNER_STRINGS);
  return (
    <div class="card" data-results="staff">
      <h3>{t.planAgents}</h3>
      <table>
        <tbody>
          {(result.plan.pools ?? []).map((p) => (
            <tr key={p.name}>
              <th>{p.name}</th>
              <td>{p.agentsByHour.join(' ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const round = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(1) : x.toFixed(3));

/** A twin check: each KPI's actual value against the scenario's prediction interval. */
function TwinTable({ result }: { readonly result: TwinResult }) {
  const t = useStrings(PLANNER_STRINGS);
  const { twin } = result;
  return (
    <div class="card" data-results="twin">
      <p data-twin-verdict={twin.inside ? 'inside' : 'outside'} class={twin.inside ? 'ok' : 'error'}>
        {twin.scenario}: {fill(t.twinPeriod, { from: twin.period.from, to: twin.period.to, records: twin.records })}
      </p>
      <table>
        <thead>
          <tr>
            <th>{t.kpi}</th>
            <th>{t.actual}</th>
            <th>{t.predicted}</th>
            <th>{t.interval}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {Object.entries(twin.kpis).map(([name, k]) => (
            <tr key={name}>
              <td>{name}</td>
              <td>{round(k.actual)}</td>
              <td>{round(k.predicted)}</td>
              <td>
                [{round(k.low)}, {round(k.high)}]
              </td>
              <td class={k.inside ? 'ok' : 'error'}>{k.inside ? t.inside : t.outside}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * A done job's results: a simulate or compare job's charts (with the report to download), a staffing plan's agents
 * by hour, or a twin check's verdicts. Nothing until the job is done.
 */
export function JobResults({ job }: { readonly job: PlannerJobView | null }) {
  const t = useStrings(PLANNER_STRINGS);
  const result = job?.status === 'done' ? job.result : null;
  if (!job || !result) return null;
  return (
    <div class="planner-output">
      <h2>
        {t.results}{' '}
        {result.kind === 'simulate' || result.kind === 'compare' ? (
          <a data-report href={`/console/api/planner/jobs/${job.id}/report`} download>
            {t.report}
          </a>
        ) : null}
      </h2>
      {result.kind === 'staff' ? (
        <StaffPlan result={result as StaffResult} />
      ) : result.kind === 'twin' ? (
        <TwinTable result={result as TwinResult} />
      ) : (
        <PlannerResults result={result as SimulationResult} />
      )}
    </div>
  );
}
