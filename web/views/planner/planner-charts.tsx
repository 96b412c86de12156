import { Chart } from '../../chart.js';
import { formatNumber, formatRate, useLang, useStrings } from '../../i18n.js';
import { PLANNER_STRINGS } from './planner-strings.js';
import type { ScenarioCharts, SimulationResult } from '../../../src/console/planner/planner-wire.js';

/** The planner's words in the page's language. */
type Words = (typeof PLANNER_STRINGS)['en'];

const pct = (x: number | null | undefined) => (x === null || x === undefined ? null : Math.round(x * 1000) / 10);
/** A rate's interval end clipped to 0..1 for display (the JSON keeps the raw Student-t bounds, as the CLI does). */
const clip = (x: number | null) => (x === null ? null : Math.min(1, Math.max(0, x)));
const COLOURS = ['#1f5fbf', '#c2581d', '#1b7f3b', '#7b3fa6', '#a15c00', '#2a8a9a'];

/** Service level by hour: each scenario's mean line with its 95 % band (a stacked low + width area), the target. */
function serviceLevelOption(scenarios: readonly ScenarioCharts[], t: Words) {
  const target = scenarios[0]?.inputs.targets.service_level ?? 0.8;
  return {
    color: COLOURS,
    legend: { top: 0, data: scenarios.map((s) => s.name) },
    grid: { left: 48, right: 16, top: 32, bottom: 32 },
    xAxis: { type: 'category', data: scenarios[0]?.hours ?? [], name: t.hour },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' } },
    series: scenarios.flatMap((s, i) => [
      {
        name: `${s.name} ${t.ciBand}`,
        type: 'line',
        stack: `band-${i}`,
        symbol: 'none',
        lineStyle: { opacity: 0 },
        data: s.serviceLevelByHour.map((f) => pct(clip(f.low))),
      },
      {
        name: `${s.name} ${t.ciBand}`,
        type: 'line',
        stack: `band-${i}`,
        symbol: 'none',
        lineStyle: { opacity: 0 },
        areaStyle: { color: COLOURS[i % COLOURS.length], opacity: 0.18 },
        data: s.serviceLevelByHour.map((f) =>
          f.low === null || f.high === null ? null : pct((clip(f.high) ?? 0) - (clip(f.low) ?? 0)),
        ),
      },
      {
        name: s.name,
        type: 'line',
        data: s.serviceLevelByHour.map((f) => pct(f.mean)),
        ...(i === 0
          ? { markLine: { symbol: 'none', label: { formatter: t.target }, data: [{ yAxis: pct(target) }] } }
          : {}),
      },
    ]),
  };
}

function waitTailOption(scenarios: readonly ScenarioCharts[], t: Words) {
  return {
    color: COLOURS,
    legend: { top: 0 },
    grid: { left: 56, right: 16, top: 32, bottom: 40 },
    xAxis: { type: 'value', name: t.waitSec, nameLocation: 'middle', nameGap: 24 },
    yAxis: { type: 'log', name: t.waitLonger, min: 0.0001, max: 1 },
    series: scenarios.map((s) => ({
      name: s.name,
      type: 'line',
      symbol: 'none',
      data: s.waitTail.sec.map((sec, i) => [sec, s.waitTail.share[i]]),
    })),
  };
}

function abandonOccupancyOption(scenarios: readonly ScenarioCharts[], t: Words) {
  return {
    color: COLOURS,
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 32, bottom: 32 },
    xAxis: { type: 'category', data: scenarios[0]?.hours ?? [] },
    yAxis: { type: 'value', min: 0, axisLabel: { formatter: '{value} %' } },
    series: scenarios.flatMap((s) => [
      { name: `${s.name} · ${t.abandonment}`, type: 'bar', data: s.abandonByHour.map((f) => pct(f.mean)) },
      { name: `${s.name} · ${t.occupancy}`, type: 'line', data: s.occupancyByHour.map((x) => pct(x)) },
    ]),
  };
}

function heatmapOption(s: ScenarioCharts | undefined, t: Words) {
  const values = s?.heatmap?.values ?? [];
  return {
    grid: { left: 56, right: 16, top: 16, bottom: 64 },
    xAxis: { type: 'category', data: Array.from({ length: 24 }, (_, h) => String(h)), name: t.hour },
    yAxis: { type: 'category', data: values.map((_, d) => `${t.day} ${d + 1}`) },
    visualMap: {
      min: 0,
      max: 100,
      calculable: false,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      inRange: { color: ['#b3261e', '#f2c14e', '#1b7f3b'] },
    },
    series: [
      {
        name: `${s?.name ?? ''} · ${t.serviceLevel}`,
        type: 'heatmap',
        data: values.flatMap((row, d) => row.flatMap((v, h) => (v === null ? [] : [[h, d, pct(v)]]))),
      },
    ],
  };
}

function costOption(scenarios: readonly ScenarioCharts[], t: Words) {
  return {
    color: COLOURS,
    legend: { top: 0 },
    grid: { left: 80, right: 16, top: 32, bottom: 40 },
    xAxis: {
      type: 'value',
      name: t.serviceLevel,
      nameLocation: 'middle',
      nameGap: 24,
      axisLabel: { formatter: '{value} %' },
    },
    yAxis: { type: 'value', name: t.costPerYear },
    series: scenarios.map((s) => ({
      name: s.name,
      type: 'scatter',
      symbolSize: 14,
      data: [[pct(s.serviceLevel.mean), Math.round(s.cost.perYear.mean ?? 0)]],
    })),
  };
}

function breakdownOption(scenarios: readonly ScenarioCharts[], t: Words) {
  const part = (name: string, pick: (s: ScenarioCharts) => number) => ({
    name,
    type: 'bar',
    stack: 'cost',
    data: scenarios.map((s) => Math.round(pick(s))),
  });
  return {
    legend: { top: 0 },
    grid: { left: 80, right: 16, top: 32, bottom: 32 },
    xAxis: { type: 'category', data: scenarios.map((s) => s.name) },
    yAxis: { type: 'value', name: t.costPerYear },
    series: [
      part(t.staffCost, (s) => s.cost.staffPerYear),
      part(t.contractPrice, (s) => s.cost.contractPricePerYear),
      part(t.penalties, (s) => s.cost.penaltiesPerYear),
    ],
  };
}

/** A simulate or compare job's results: the inputs beside the charts a planner reads at a glance. */
export function PlannerResults({ result }: { readonly result: SimulationResult }) {
  const t = useStrings(PLANNER_STRINGS);
  const lang = useLang();
  const s = result.scenarios;
  return (
    <div class="planner-results" data-results={result.kind}>
      <div class="grid">
        {s.map((x) => (
          <div class="card tile" data-scenario-tile={x.name} key={x.name}>
            <div class="label">{x.name}</div>
            <div class="value">{formatRate(lang, x.serviceLevel.mean)}</div>
            <div class="muted">
              {t.serviceLevel} · {t.abandonment} {formatRate(lang, x.abandonRate.mean)} · {t.costPerYear}{' '}
              {formatNumber(lang, x.cost.perYear.mean ?? 0)}
            </div>
            <div class={x.meetsTargets ? 'ok' : 'error'}>{x.meetsTargets ? t.meetsTargets : t.missesTargets}</div>
          </div>
        ))}
      </div>
      <p data-cheapest>
        {result.kind === 'compare' ? t.cheapest.replace('{name}', result.cheapestMeetingTargets ?? t.none) : ''}
      </p>
      <div class="planner-split">
        <div class="card" data-inputs>
          <h3>{t.inputs}</h3>
          <table>
            <tbody>
              {s.map((x) => (
                <tr key={x.name}>
                  <th>{x.name}</th>
                  <td>
                    {x.inputs.pools.map((p) => `${p.name}: ${p.agents} (${formatRate(lang, p.shrinkage)})`).join(', ')}
                    <br />
                    {t.target} {formatRate(lang, x.inputs.targets.service_level)} / {x.inputs.targets.answer_within_sec}{' '}
                    s
                    {x.inputs.callsPerDay === null
                      ? ''
                      : ` · ${t.callsPerDay} ${formatNumber(lang, x.inputs.callsPerDay)}`}
                    {` · ${t.replications} ${x.inputs.replications} · ${t.seed} ${x.inputs.seed}`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div class="grid wide">
          <div class="card">
            <h3>{t.slByHour}</h3>
            <Chart id="sl-by-hour" option={serviceLevelOption(s, t)} />
          </div>
          <div class="card">
            <h3>{t.waitTail}</h3>
            <Chart id="wait-tail" option={waitTailOption(s, t)} />
          </div>
          <div class="card">
            <h3>{t.abandonOccupancy}</h3>
            <Chart id="abandon-occupancy" option={abandonOccupancyOption(s, t)} />
          </div>
          <div class="card">
            <h3>
              {t.heatmap} · {s.at(-1)?.name}
            </h3>
            <Chart id="heatmap" option={heatmapOption(s.at(-1), t)} />
          </div>
          <div class="card">
            <h3>{t.costVsSl}</h3>
            <Chart id="cost-vs-sl" option={costOption(s, t)} />
          </div>
          <div class="card">
            <h3>{t.costBreakdown}</h3>
            <Chart id="cost-breakdown" option={breakdownOption(s, t)} />
            <p class="muted">{t.seatsNote}</p>
          </div>
        </div>
      </div>
    </div>
  );
}
