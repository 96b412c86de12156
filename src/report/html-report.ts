import { tabulateScenarios, type KpiComparison, type ScenarioComparison } from '../planning/compare.js';
import { cheapestMeetingTargets, checkTargets } from '../planning/target-check.js';
import { chartLibrarySource } from './chart-library.js';
import { summariseContracts } from '../planning/contract-summary.js';
import { contractHtml } from './contract-text.js';
import { formatCi, formatDifference, formatEstimate, formatValue } from './kpi-format.js';
import { reportChartData, type ChartScenario } from './report-chart-data.js';
import { REPORT_CHARTS_SCRIPT } from './report-charts-script.js';

/** What a report shows. */
export interface ReportInput {
  readonly title: string;
  /** One or more simulated scenarios with their targets. */
  readonly scenarios: readonly ChartScenario[];
  /**
   * Paired differences to show beside the estimates (from `compareScenarios`
   * over the same scenarios, in the same order); omitted for a single scenario
   * or scenarios not run with the same seed and replications.
   */
  readonly comparison?: ScenarioComparison;
  /** The seed the scenarios ran with, for the header. */
  readonly seed?: number;
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** JSON that is safe inside a `<script>` element (no `</script>`, no `<!--`). */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The contracts' section (staff cost, contract price and penalties are apart in the KPI table); empty without contracts. */
function contractSection(scenarios: readonly ChartScenario[]): string {
  const body = scenarios
    .map((s) => contractHtml(s.name, summariseContracts(s.summary.replications), escapeHtml))
    .filter((html) => html !== '')
    .join('\n');
  return body === '' ? '' : `<h2>Contracts</h2>\n${body}`;
}

const pct = (x: number) => `${Math.round(x * 1000) / 10} %`;

function kpiTable(rows: readonly KpiComparison[], names: readonly string[], paired: boolean): string {
  const head = names
    .map(
      (n, i) =>
        `<th scope="col">${escapeHtml(n)}</th>${paired && i > 0 ? `<th scope="col">Δ ${escapeHtml(n)} − ${escapeHtml(names[0]!)}<br><small>paired 95 % CI</small></th>` : ''}`,
    )
    .join('');
  const body = rows
    .map((k) => {
      const cells = names
        .map((_, i) => {
          const e = k.estimates[i];
          const est = `<td>${escapeHtml(formatEstimate(e, k.unit))}<br><small>${escapeHtml(formatCi(e, k.unit))}</small></td>`;
          if (!paired || i === 0) return est;
          const d = k.differences[i];
          return `${est}<td class="${d?.significant ? 'sig' : ''}">${escapeHtml(formatDifference(d, k.unit))}${d?.significant ? ' <abbr title="the 95 % CI excludes 0">*</abbr>' : ''}</td>`;
        })
        .join('');
      return `<tr><th scope="row">${escapeHtml(k.label)}</th>${cells}</tr>`;
    })
    .join('\n');
  return `<table id="kpi-table"><thead><tr><th scope="col">KPI</th>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table>`;
}

function targetList(scenarios: readonly ChartScenario[]): string {
  const items = scenarios
    .map((s) => {
      const t = s.targets;
      const c = checkTargets(s.summary, t);
      const verdict = c.metWithConfidence
        ? 'meets its targets'
        : c.met
          ? 'meets its targets by the estimates, not at the edge of the 95 % CIs'
          : 'misses its targets';
      return `<li><strong>${escapeHtml(s.name)}</strong>: ${escapeHtml(verdict)} (answered within ${t.answer_within_sec} s: ${escapeHtml(formatEstimate(c.serviceLevel, 'rate'))}, target ≥ ${escapeHtml(pct(t.service_level))}; abandon rate ${escapeHtml(formatEstimate(c.abandonRate, 'rate'))}, maximum ${escapeHtml(pct(t.abandon_rate_max))}; cost per year ${escapeHtml(formatEstimate(c.costPerYear, 'money'))})</li>`;
    })
    .join('\n');
  const best = cheapestMeetingTargets(scenarios);
  const line =
    scenarios.length < 2
      ? ''
      : best
        ? `<p class="verdict">Cheapest scenario meeting its targets: <strong>${escapeHtml(best.scenario.name)}</strong> (${escapeHtml(formatValue(best.check.costPerYear?.mean, 'money'))} per year).</p>`
        : '<p class="verdict">No scenario meets its targets.</p>';
  return `<ul>\n${items}\n</ul>\n${line}`;
}

const STYLE = `body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem;color:#222}
table{border-collapse:collapse;margin:1rem 0;font-size:.9rem}th,td{border:1px solid #ccc;padding:.3rem .6rem;text-align:right;vertical-align:top}
th[scope=row],thead th:first-child{text-align:left}small{color:#666}td.sig{font-weight:600}.chart{position:relative;height:340px;margin:1rem 0 2rem}
.verdict{font-size:1.05rem}`;

/**
 * Renders a self-contained HTML report of simulated scenarios: targets and a
 * verdict, a KPI table (estimates ± 95 % CI half-widths, CIs, and paired
 * differences when `comparison` is given), and three Chart.js charts: the
 * wait distribution of answered calls, the 15-second service level by
 * interval of the day against the target, and cost per year against service
 * level with CI whiskers. Chart.js is inlined and a Content-Security-Policy
 * forbids every fetch, so the file opens offline. All text is escaped.
 * @example writeFileSync('report.html', renderReport({ title: s.name, scenarios: [{ name: s.name, summary, targets: s.targets }] }))
 */
export function renderReport(input: ReportInput): string {
  const names = input.scenarios.map((s) => s.name);
  const paired = input.comparison !== undefined && input.scenarios.length > 1;
  const rows = paired
    ? input.comparison!.kpis
    : tabulateScenarios(input.scenarios.map((s) => ({ name: s.name, summary: s.summary })));
  const reps = [...new Set(input.scenarios.map((s) => s.summary.replications.length))].join(', ');
  const meta = `${input.scenarios.length} scenario${input.scenarios.length === 1 ? '' : 's'}, ${reps} replication${reps === '1' ? '' : 's'} each${input.seed === undefined ? '' : `, seed ${input.seed}`}. Estimates are means over replications ± the half-width of their 95 % confidence interval.${paired ? ' Δ columns are paired differences from the first scenario (same seed: common random numbers); * marks a CI that excludes 0.' : ''}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${escapeHtml(input.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(input.title)}</h1>
<p>${escapeHtml(meta)}</p>
<h2>Targets</h2>
${targetList(input.scenarios)}
<h2>KPIs</h2>
${kpiTable(rows, names, paired)}
${contractSection(input.scenarios)}
<h2>Wait of answered calls</h2>
<div class="chart"><canvas id="chart-wait" role="img" aria-label="wait distribution of answered calls"></canvas></div>
<h2>Service level by hour of day</h2>
<div class="chart"><canvas id="chart-sl-hour" role="img" aria-label="answered within 15 s over offered, by hour of day"></canvas></div>
<h2>Cost per year against service level</h2>
<div class="chart"><canvas id="chart-cost-sl" role="img" aria-label="cost per year against service level, with 95 % confidence intervals"></canvas></div>
<script type="application/json" id="report-data">${scriptJson(reportChartData(input.scenarios))}</script>
<script>${chartLibrarySource()}</script>
<script>${REPORT_CHARTS_SCRIPT}</script>
</body>
</html>
`;
}
