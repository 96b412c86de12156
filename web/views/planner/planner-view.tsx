import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api, openEvents } from '../../api.js';
import { fill, useStrings } from '../../i18n.js';
import type { Session } from '../../session.js';
import { PlannerResults } from './planner-charts.js';
import { PLANNER_STRINGS } from './planner-strings.js';
import type {
  JobView,
  OpenedScenario,
  ScenarioData,
  ScenarioEntry,
  SimulationResult,
  StaffResult,
  TwinResult,
  Validation,
} from './planner-types.js';
import { ScenarioForm } from './scenario-form.js';

type Kind = 'simulate' | 'compare' | 'staff' | 'twin';

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

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
 * The planner workspace: open a scenario of the folder, change staffing, contract and behaviour in forms the server
 * checks with the scenario loader (errors at the field), run simulate, compare or a staffing plan as a server job
 * with a progress bar, read the results as charts, save the change as a new file, download the report.
 */
export function PlannerView(_props: { readonly session: Session }) {
  const t = useStrings(PLANNER_STRINGS);
  const [list, setList] = useState<readonly ScenarioEntry[]>([]);
  const [opened, setOpened] = useState<OpenedScenario | null>(null);
  const [data, setData] = useState<ScenarioData | null>(null);
  const [validation, setValidation] = useState<Validation | null>(null);
  const [kind, setKind] = useState<Kind>('compare');
  const [replications, setReplications] = useState('');
  const [calls, setCalls] = useState('');
  const [others, setOthers] = useState<readonly string[]>([]);
  const [records, setRecords] = useState('data/hotline.db');
  const [timeZone, setTimeZone] = useState('Asia/Shanghai');
  const [job, setJob] = useState<JobView | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [saveName, setSaveName] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const closeEvents = useRef<(() => void) | null>(null);

  const refresh = () =>
    api
      .get<{ scenarios: ScenarioEntry[] }>('/planner/scenarios')
      .then((r) => setList(r.scenarios))
      .catch((e) => setProblem(message(e)));
  useEffect(() => {
    void refresh();
    return () => closeEvents.current?.();
  }, []);

  // Every change is checked by the server's scenario loader; its field errors show at the fields.
  useEffect(() => {
    if (!data) return;
    const timer = setTimeout(() => {
      api
        .post<Validation>('/planner/scenarios/validate', { data })
        .then(setValidation)
        .catch((e) => setProblem(message(e)));
    }, 250);
    return () => clearTimeout(timer);
  }, [data]);

  const open = async (file: string) => {
    setProblem(null);
    setSaved(null);
    try {
      const scenario = await api.get<OpenedScenario>(`/planner/scenarios/${encodeURIComponent(file)}`);
      setOpened(scenario);
      setData(scenario.data);
      setValidation({
        valid: scenario.valid,
        fields: scenario.fields ?? {},
        ...(scenario.message ? { message: scenario.message } : {}),
      });
      setSaveName(file.replace(/\.ya?ml$/, '-2.yaml'));
      if (!scenario.valid && scenario.message) setProblem(scenario.message);
    } catch (e) {
      setProblem(message(e));
    }
  };

  const run = async () => {
    if (!opened || !data) return;
    setProblem(null);
    const name = String(data.name ?? opened.file);
    const edited = { file: opened.file, data: kind === 'compare' ? { ...data, name: `${name}${t.edited}` } : data };
    const scenarios =
      kind === 'compare' ? [{ file: opened.file }, edited, ...others.map((file) => ({ file }))] : [edited];
    const body = {
      kind,
      scenarios,
      ...(replications.trim() === '' ? {} : { replications: Number(replications) }),
      ...(calls.trim() === '' || kind === 'twin' ? {} : { calls: Number(calls) }),
      ...(kind === 'twin' ? { records, timeZone } : {}),
    };
    try {
      const started = await api.post<JobView>('/planner/jobs', body);
      setJob(started);
      closeEvents.current?.();
      const close = openEvents(`/planner/jobs/${started.id}/events`, {
        progress: (view) => setJob(view as JobView),
        end: (view) => {
          setJob(view as JobView);
          close();
        },
      });
      closeEvents.current = close;
    } catch (e) {
      // The job's own problems (records, replications) are not the scenario's: the message says which.
      setProblem(e instanceof ApiError && e.fields.records ? `${message(e)} (${t.records})` : message(e));
    }
  };

  const save = async () => {
    if (!data) return;
    try {
      const answer = await api.post<{ file: string }>('/planner/scenarios', { file: saveName, data });
      setSaved(fill(t.saved, { file: answer.file }));
      void refresh();
    } catch (e) {
      setProblem(message(e));
    }
  };

  const status = job ? t[job.status] : '';
  const result = job?.status === 'done' ? job.result : null;
  return (
    <section class="planner">
      <div class="planner-layout">
        <aside class="card planner-list">
          <h3>{t.scenarios}</h3>
          <ul>
            {list.map((s) => (
              <li key={s.file}>
                <button
                  type="button"
                  data-open={s.file}
                  aria-current={opened?.file === s.file ? 'true' : 'false'}
                  onClick={() => void open(s.file)}
                >
                  {s.title}
                </button>
                <div class="muted">{s.file}</div>
              </li>
            ))}
          </ul>
        </aside>
        <div class="planner-main">
          {problem ? (
            <div class="alert" data-problem>
              {problem}
            </div>
          ) : null}
          {opened && data ? (
            <>
              <h2 data-opened={opened.file}>{String(data.name ?? opened.file)}</h2>
              <p data-validation={validation?.valid ? 'valid' : 'invalid'} class={validation?.valid ? 'ok' : 'error'}>
                {validation?.valid ? t.valid : t.invalid}
              </p>
              <ScenarioForm data={data} fields={validation?.fields ?? {}} onChange={setData} />
              <div class="card planner-run">
                <label>
                  {t.kind}{' '}
                  <select
                    data-run-kind
                    value={kind}
                    onChange={(e) => setKind((e.currentTarget as HTMLSelectElement).value as Kind)}
                  >
                    <option value="simulate">{t.simulate}</option>
                    <option value="compare">{t.compare}</option>
                    <option value="staff">{t.staff}</option>
                    <option value="twin">{t.twin}</option>
                  </select>
                </label>
                <label>
                  {t.replications}{' '}
                  <input
                    data-run-replications
                    size={4}
                    value={replications}
                    onInput={(e) => setReplications((e.currentTarget as HTMLInputElement).value)}
                  />
                </label>
                <label>
                  {t.calls}{' '}
                  <input
                    data-run-calls
                    size={7}
                    value={calls}
                    onInput={(e) => setCalls((e.currentTarget as HTMLInputElement).value)}
                  />
                </label>
                {kind === 'twin' ? (
                  <>
                    <label>
                      {t.records}{' '}
                      <input
                        data-run-records
                        value={records}
                        onInput={(e) => setRecords((e.currentTarget as HTMLInputElement).value)}
                      />
                    </label>
                    <label>
                      {t.timeZone}{' '}
                      <input
                        data-run-tz
                        size={14}
                        value={timeZone}
                        onInput={(e) => setTimeZone((e.currentTarget as HTMLInputElement).value)}
                      />
                    </label>
                  </>
                ) : null}
                {kind === 'compare' && list.some((s) => s.file !== opened.file) ? (
                  <fieldset>
                    <legend>{t.compareWith}</legend>
                    {list
                      .filter((s) => s.file !== opened.file)
                      .map((s) => (
                        <label key={s.file}>
                          <input
                            type="checkbox"
                            data-compare-with={s.file}
                            checked={others.includes(s.file)}
                            onChange={(e) =>
                              setOthers(
                                (e.currentTarget as HTMLInputElement).checked
                                  ? [...others, s.file]
                                  : others.filter((f) => f !== s.file),
                              )
                            }
                          />{' '}
                          {s.title}
                        </label>
                      ))}
                  </fieldset>
                ) : null}
                <button
                  type="button"
                  class="primary"
                  data-run
                  disabled={!validation?.valid || job?.status === 'running' || job?.status === 'queued'}
                  onClick={() => void run()}
                >
                  {t.run}
                </button>
                {job && (job.status === 'running' || job.status === 'queued') ? (
                  <button type="button" data-cancel onClick={() => void api.delete(`/planner/jobs/${job.id}`)}>
                    {t.cancel}
                  </button>
                ) : null}
                {job ? (
                  <span class="planner-progress">
                    <progress data-progress max={Math.max(1, job.progress.total)} value={job.progress.done} />{' '}
                    <span data-job-status={job.status}>{status}</span>
                  </span>
                ) : null}
                {job?.error ? <div class="error">{job.error.message}</div> : null}
              </div>
              <div class="card planner-save">
                <label>
                  {t.saveAs}{' '}
                  <input
                    data-save-name
                    value={saveName}
                    onInput={(e) => setSaveName((e.currentTarget as HTMLInputElement).value)}
                  />
                </label>{' '}
                <button type="button" data-save disabled={!validation?.valid} onClick={() => void save()}>
                  {t.save}
                </button>{' '}
                {saved ? (
                  <span class="ok" data-saved>
                    {saved}
                  </span>
                ) : null}
              </div>
            </>
          ) : null}
          {result && job ? (
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
          ) : null}
        </div>
      </div>
    </section>
  );
}
