import { DateTime } from 'luxon';
import type { PeriodAssessment } from '../analysis/contract-assessment.js';
import { chartLibrarySource } from './chart-library.js';
import { escapeHtml as esc, scriptJson } from './html-report.js';
import { supervisionChartData } from './supervision-chart-data.js';
import { SUPERVISION_CHARTS_SCRIPT } from './supervision-charts-script.js';
import type { SupervisionData } from './supervision-data.js';
import { hourTable, monthSections, satisfactionTable, summaryTable, tailTable } from './supervision-tables.js';

/** What a supervision report shows. */
export interface SupervisionReportInput {
  /** The views of the records (one pass: `SupervisionDataBuilder`). */
  readonly data: SupervisionData;
  /** Where the records came from, as the user named it (a store file, a CSV file). */
  readonly source: string;
  /** When the report was made, epoch milliseconds (injected: the CLI passes its clock, tests a fixed time). */
  readonly generatedAtMs: number;
  /** Per group and period, the contract's targets, met or missed, and penalties (`assessContract`); optional. */
  readonly assessment?: readonly PeriodAssessment[];
  /** Page title (default `Supervision report`). */
  readonly title?: string;
}

/** An instant in the report's zone, e.g. `2026-02-01 00:30 +08:00`. */
function localTime(sec: number, zone: string): string {
  return DateTime.fromSeconds(sec, { zone }).toFormat('yyyy-MM-dd HH:mm ZZ');
}

/** The header: source, window, zone and day start, counting rules, generation time. */
function header(input: SupervisionReportInput): string {
  const { window: w, options: o } = input.data.report;
  const zone = o.timeZone;
  const from = w.fromSec === null ? 'from the first record' : `from ${localTime(w.fromSec, zone)}`;
  const to = w.toSec === null ? 'to the last record' : `until ${localTime(w.toSec, zone)} (exclusive)`;
  const span =
    w.firstArrivalSec === null || w.lastArrivalSec === null
      ? 'no calls'
      : `first arrival ${localTime(w.firstArrivalSec, zone)}, last ${localTime(w.lastArrivalSec, zone)}`;
  const t = o.thresholdsSec[0] ?? 15;
  const slFrom =
    o.serviceLevelFrom === 'arrival'
      ? `answered within ${t} s of arrival (IVR time included) / offered`
      : `answered within ${t} s of queue entry / offered`;
  const items: [string, string][] = [
    ['Source', input.source],
    ['Window', `arrivals ${from} ${to}; ${w.records} records; ${span}`],
    [
      'Time zone',
      `${zone}; a business day starts at ${String(o.dayStartHour).padStart(2, '0')}:00, months and hours of day are local`,
    ],
    [
      'Counting rules',
      `service level = ${slFrom}; thresholds ${o.thresholdsSec.join(', ')} s; repeat caller: two calls within ${o.repeatWindowSec / 3600} h; rates with Wilson 95 % intervals`,
    ],
    [
      'Contract',
      input.assessment ? `${[...new Set(input.assessment.map((a) => a.contract))].join(', ')}` : 'none given',
    ],
    ['Generated', DateTime.fromMillis(input.generatedAtMs, { zone }).toFormat('yyyy-MM-dd HH:mm:ss ZZ')],
  ];
  return `<dl id="report-header">${items.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>`;
}

const STYLE = `body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:1200px;padding:0 1rem;color:#222}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{font-weight:600}dd{margin:0}
table{border-collapse:collapse;margin:1rem 0;font-size:.88rem}th,td{border:1px solid #ccc;padding:.3rem .6rem;text-align:right;vertical-align:top}
th[scope=row],thead th:first-child,td.text{text-align:left}tbody th,tbody td{white-space:nowrap}small{color:#666}tr.total{font-weight:600}
tr.missed td.verdict{color:#b00020;font-weight:600}tr.met td.verdict{color:#1b7a1b}tr.payable{font-weight:600}
.chart{position:relative;height:340px;margin:1rem 0 2rem}section.group{margin-bottom:1.5rem}`;

/**
 * Renders the supervision report of an outsourced (or in-house) line as one self-contained HTML page: a header
 * (source, window, zone, counting rules, generation time), a summary per agent group, per group and month the
 * KPIs with Wilson 95 % intervals (and the contract's targets, met or missed, and penalties when an assessment
 * is given), service level and abandonment by hour of day (charts and a table), the waits' tail (percentiles
 * per group and the wait distribution) and satisfaction per group and month. Chart.js is inlined and a
 * Content-Security-Policy forbids every fetch, so the file opens offline. All text is escaped; the output
 * depends only on the input.
 *
 * @example writeFileSync('index.html', renderSupervisionReport({ data, source: 'calls.db', generatedAtMs: Date.now() }))
 */
export function renderSupervisionReport(input: SupervisionReportInput): string {
  const { data } = input;
  const title = input.title ?? 'Supervision report';
  const assessment = input.assessment ?? [];
  const t = data.byGroup.options.thresholdsSec[0] ?? 15;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${esc(title)}</h1>
${header(input)}
<h2>Summary by group</h2>
<p>Group: the record's agent group (contractor or in-house team); calls that never reached a queue are <code>(none)</code>.
A rate's 95 % interval is under it; hover a rate for its exact count.</p>
${summaryTable(data.byGroup)}
<h2>By group and month${assessment.length > 0 ? ', against the contract' : ''}</h2>
${monthSections(data.byMonthGroup, assessment)}
<h2>Service level and abandonment by hour of day</h2>
<div class="chart"><canvas id="chart-sl-hour" role="img" aria-label="answered within ${t} s over offered, by hour of day, per group"></canvas></div>
<div class="chart"><canvas id="chart-abandon-hour" role="img" aria-label="abandoned over offered, by hour of day, per group"></canvas></div>
${hourTable(data.byHourOfDay, t)}
<h2>Waits' tail</h2>
<p>Waits of answered calls, from queue entry; percentiles exact to 0.1 s (the upper edge of the bin).</p>
${tailTable(data.byGroup)}
<div class="chart"><canvas id="chart-wait" role="img" aria-label="wait distribution of answered calls, per group"></canvas></div>
<h2>Satisfaction</h2>
${satisfactionTable(data.byMonthGroup)}
<script type="application/json" id="supervision-data">${scriptJson(supervisionChartData(data, assessment))}</script>
<script>${chartLibrarySource()}</script>
<script>${SUPERVISION_CHARTS_SCRIPT}</script>
</body>
</html>
`;
}
