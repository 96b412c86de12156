import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api.js';
import { fill, useStrings } from '../../i18n.js';
import type { Session } from '../../session.js';
import { JobPanel } from './job-panel.js';
import { JobResults } from './job-results.js';
import { PLANNER_STRINGS } from './planner-strings.js';
import type {
  PlannerJobView,
  SavedScenario,
  OpenedScenario,
  ScenarioData,
  ScenarioEntry,
  Validation,
} from '../../../src/console/planner/planner-wire.js';
import { ScenarioForm } from './scenario-form.js';

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

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
  const [job, setJob] = useState<PlannerJobView | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [saveName, setSaveName] = useState('');
  const [saved, setSaved] = useState<string | null>(null);

  const refresh = () =>
    api
      .get<{ scenarios: ScenarioEntry[] }>('/planner/scenarios')
      .then((r) => setList(r.scenarios))
      .catch((e) => setProblem(message(e)));
  useEffect(() => {
    void refresh();
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

  const save = async () => {
    if (!data) return;
    try {
      const answer = await api.post<SavedScenario>('/planner/scenarios', { file: saveName, data });
      setSaved(fill(t.saved, { file: answer.file }));
      void refresh();
    } catch (e) {
      setProblem(message(e));
    }
  };

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
              <JobPanel
                opened={opened}
                data={data}
                list={list}
                valid={validation?.valid === true}
                job={job}
                onJob={setJob}
                onProblem={setProblem}
              />
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
          <JobResults job={job} />
        </div>
      </div>
    </section>
  );
}
