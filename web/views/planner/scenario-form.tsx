import { useStrings } from '../../i18n.js';
import { PLANNER_STRINGS } from './planner-strings.js';
import type { ScenarioData } from '../../../src/console/planner/planner-wire.js';

type Path = readonly (string | number)[];

/** The value at `path` of the scenario's data, or undefined. */
export function valueAt(data: unknown, path: Path): unknown {
  return path.reduce<unknown>(
    (node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined),
    data,
  );
}

/** A copy of `data` with `value` at `path` (objects made where missing). */
export function withValue(data: ScenarioData, path: Path, value: unknown): ScenarioData {
  const copy = structuredClone(data);
  let node = copy as Record<string | number, unknown>;
  path.slice(0, -1).forEach((key, i) => {
    if (!node[key] || typeof node[key] !== 'object') node[key] = typeof path[i + 1] === 'number' ? [] : {};
    node = node[key] as Record<string | number, unknown>;
  });
  node[path.at(-1)!] = value;
  return copy;
}

interface FieldProps {
  readonly data: ScenarioData;
  readonly path: Path;
  readonly label: string;
  readonly fields: Readonly<Record<string, string>>;
  readonly onChange: (data: ScenarioData) => void;
  /** A list of numbers written comma-separated (agents_by_hour). */
  readonly list?: boolean;
}

/**
 * One number (or list of numbers) of the scenario, with the server's error for its path below it. What is typed goes
 * into the data as a number when it reads as one, else as the text (so the server names the problem at the field).
 */
function NumberField({ data, path, label, fields, onChange, list }: FieldProps) {
  const key = path.join('.');
  const value = valueAt(data, path);
  if (value === undefined) return null;
  const error = Object.entries(fields).find(([k]) => k === key || k.startsWith(`${key}.`))?.[1];
  const shown = Array.isArray(value) ? value.join(', ') : String(value);
  const parse = (text: string): unknown => {
    if (list) return text.split(',').map((x) => (x.trim() !== '' && Number.isFinite(Number(x)) ? Number(x) : x.trim()));
    return text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text;
  };
  return (
    <label class="planner-field">
      <span>{label}</span>
      <input
        data-field={key}
        value={shown}
        aria-invalid={error ? 'true' : 'false'}
        onInput={(e) => onChange(withValue(data, path, parse((e.currentTarget as HTMLInputElement).value)))}
      />
      {error ? (
        <span class="field-error" data-field-error={key}>
          {error}
        </span>
      ) : null}
    </label>
  );
}

/** The forms of an opened scenario: staffing (each pool), contract and targets, caller behaviour. */
export function ScenarioForm(props: {
  readonly data: ScenarioData;
  readonly fields: Readonly<Record<string, string>>;
  readonly onChange: (data: ScenarioData) => void;
}) {
  const t = useStrings(PLANNER_STRINGS);
  const { data, fields, onChange } = props;
  const common = { data, fields, onChange };
  const pools = Array.isArray(data.pools) ? (data.pools as ScenarioData[]) : [];
  // Errors no field of the form shows (another part of the file): listed under the forms.
  return (
    <div class="planner-forms">
      <fieldset class="card" data-form="staffing">
        <legend>{t.staffing}</legend>
        {pools.map((pool, i) => (
          <div class="planner-pool" key={String(pool.name ?? i)}>
            <strong>{String(pool.name ?? i)}</strong>
            <NumberField {...common} path={['pools', i, 'agents']} label={t.agents} />
            <NumberField {...common} path={['pools', i, 'agents_by_hour']} label={t.agentsByHour} list />
            <NumberField {...common} path={['pools', i, 'shrinkage']} label={t.shrinkage} />
          </div>
        ))}
      </fieldset>
      <fieldset class="card" data-form="contract">
        <legend>{t.contract}</legend>
        {pools.map((pool, i) => (
          <div class="planner-pool" key={String(pool.name ?? i)}>
            <strong>{String(pool.name ?? i)}</strong>
            <NumberField {...common} path={['pools', i, 'cost', 'per_agent_year']} label={t.perAgentYear} />
            <NumberField {...common} path={['pools', i, 'cost', 'per_agent_hour']} label={t.perAgentHour} />
            <NumberField {...common} path={['pools', i, 'cost', 'per_seat_year']} label={t.perSeatYear} />
            <NumberField {...common} path={['pools', i, 'cost', 'fixed_per_year']} label={t.fixedPerYear} />
          </div>
        ))}
        <NumberField {...common} path={['targets', 'answer_within_sec']} label={t.answerWithinSec} />
        <NumberField {...common} path={['targets', 'service_level']} label={t.serviceLevelTarget} />
        <NumberField {...common} path={['targets', 'abandon_rate_max']} label={t.abandonRateMax} />
        <NumberField {...common} path={['penalties', 'per_point_below_service_level']} label={t.penaltySl} />
        <NumberField {...common} path={['penalties', 'per_point_above_abandon_rate']} label={t.penaltyAbandon} />
      </fieldset>
      <fieldset class="card" data-form="behaviour">
        <legend>{t.behaviour}</legend>
        <NumberField {...common} path={['demand', 'calls_per_day']} label={t.callsPerDay} />
        <NumberField {...common} path={['demand', 'calls_per_hour']} label={t.callsPerHour} />
        <NumberField {...common} path={['callers', 'patience_sec', 'mean']} label={t.patienceMean} />
        <NumberField {...common} path={['callers', 'redial', 'probability']} label={t.redialProbability} />
      </fieldset>
    </div>
  );
}
