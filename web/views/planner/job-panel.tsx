import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api, openEvents } from '../../api.js';
import { useStrings } from '../../i18n.js';
import { PLANNER_STRINGS } from './planner-strings.js';
import type {
  PlannerJobKind as Kind,
  PlannerJobView,
  OpenedScenario,
  ScenarioData,
  ScenarioEntry,
} from '../../../src/console/planner/planner-wire.js';

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** What the job panel is given: the opened scenario and its edit, the folder's list, and where the job goes. */
export interface JobPanelProps {
  readonly opened: OpenedScenario;
  readonly data: ScenarioData;
  readonly list: readonly ScenarioEntry[];
  /** The edit passed the server's check: Run is off until it does. */
  readonly valid: boolean;
  readonly job: PlannerJobView | null;
  /** The job as it starts, moves and ends (its server-sent events). */
  readonly onJob: (job: PlannerJobView) => void;
  /** A request's one-line problem, or null to clear it. */
  readonly onProblem: (problem: string | null) => void;
}

/**
 * The run card: the job's kind (simulate, compare with the file as saved and any ticked scenarios, a staffing plan,
 * a twin check against a records store), replications and first calls per replication; Run starts a server job and
 * follows its events, Cancel stops it, the bar shows its progress.
 */
export function JobPanel({ opened, data, list, valid, job, onJob, onProblem }: JobPanelProps) {
  const t = useStrings(PLANNER_STRINGS);
  const [kind, setKind] = useState<Kind>('compare');
  const [replications, setReplications] = useState('');
  const [calls, setCalls] = useState('');
  const [others, setOthers] = useState<readonly string[]>([]);
  const [records, setRecords] = useState('data/hotline.db');
  const [timeZone, setTimeZone] = useState('Asia/Shanghai');
  const closeEvents = useRef<(() => void) | null>(null);
  useEffect(() => () => closeEvents.current?.(), []);

  const run = async () => {
    onProblem(null);
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
      const started = await api.post<PlannerJobView>('/planner/jobs', body);
      onJob(started);
      closeEvents.current?.();
      const close = openEvents(`/planner/jobs/${started.id}/events`, {
        progress: (view) => onJob(view as PlannerJobView),
        end: (view) => {
          onJob(view as PlannerJobView);
          close();
        },
      });
      closeEvents.current = close;
    } catch (e) {
      // The job's own problems (records, replications) are not the scenario's: the message says which.
      onProblem(e instanceof ApiError && e.fields.records ? `${message(e)} (${t.records})` : message(e));
    }
  };

  const busy = job?.status === 'running' || job?.status === 'queued';
  const text = (set: (value: string) => void) => (e: Event) => set((e.currentTarget as HTMLInputElement).value);
  const otherFiles = list.filter((s) => s.file !== opened.file);
  return (
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
        {t.replications} <input data-run-replications size={4} value={replications} onInput={text(setReplications)} />
      </label>
      <label>
        {t.calls} <input data-run-calls size={7} value={calls} onInput={text(setCalls)} />
      </label>
      {kind === 'twin' ? (
        <>
          <label>
            {t.records} <input data-run-records value={records} onInput={text(setRecords)} />
          </label>
          <label>
            {t.timeZone} <input data-run-tz size={14} value={timeZone} onInput={text(setTimeZone)} />
          </label>
        </>
      ) : null}
      {kind === 'compare' && otherFiles.length > 0 ? (
        <fieldset>
          <legend>{t.compareWith}</legend>
          {otherFiles.map((s) => (
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
      <button type="button" class="primary" data-run disabled={!valid || busy} onClick={() => void run()}>
        {t.run}
      </button>
      {job && busy ? (
        <button type="button" data-cancel onClick={() => void api.delete(`/planner/jobs/${job.id}`)}>
          {t.cancel}
        </button>
      ) : null}
      {job ? (
        <span class="planner-progress">
          <progress data-progress max={Math.max(1, job.progress.total)} value={job.progress.done} />{' '}
          <span data-job-status={job.status}>{t[job.status]}</span>
        </span>
      ) : null}
      {job?.error ? <div class="error">{job.error.message}</div> : null}
    </div>
  );
}
