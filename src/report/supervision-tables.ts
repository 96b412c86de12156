import type { PeriodAssessment, TargetAssessment } from '../analysis/contract-assessment.js';
import type { KpiGroup, KpiReport } from '../analysis/kpi-report.js';
import type { Kpis } from '../analysis/kpis.js';
import { escapeHtml as esc } from './html-report.js';
import { formatValue } from './kpi-format.js';
import type { HourOfDayView } from './supervision-data.js';

const finite = (x: number | undefined): x is number => typeof x === 'number' && Number.isFinite(x);
const pct1 = (x: number): string => (x * 100).toFixed(1);

/** A rate of `k.counts[name]` with its Wilson interval: `66.7 %` and `[20.8–93.9]` under it; `-` when undefined. */
export function rateCell(k: Kpis, name: string): string {
  const c = k.counts[name];
  const i = k.intervals[name];
  if (!c || c.denominator === 0) return '<td>-</td>';
  const ci = i && finite(i.low) && finite(i.high) ? `<br><small>[${pct1(i.low)}–${pct1(i.high)}]</small>` : '';
  return `<td title="${c.numerator} / ${c.denominator}">${esc(formatValue(c.numerator / c.denominator, 'rate'))}${ci}</td>`;
}

const secCell = (x: number): string => `<td>${esc(formatValue(x, 'sec'))}</td>`;
const countCell = (x: number): string => `<td>${x}</td>`;
const rowHead = (text: string): string => `<th scope="row">${esc(text)}</th>`;
const head = (labels: readonly string[]): string =>
  `<thead><tr>${labels.map((l) => `<th scope="col">${l}</th>`).join('')}</tr></thead>`;

/** The KPI columns of the summary and month tables. */
function kpiCells(k: Kpis, slName: string): string {
  return [
    countCell(k.offered),
    countCell(k.answered),
    countCell(k.abandoned),
    rateCell(k, slName),
    rateCell(k, 'answerRate'),
    rateCell(k, 'abandonRate'),
    secCell(k.asaSec),
    secCell(k.ahtSec),
    secCell(k.avgTalkSec),
    rateCell(k, 'repeatCallRate'),
  ].join('');
}

function kpiHead(first: string, thresholdSec: number): string {
  return head([
    first,
    'offered',
    'answered',
    'abandoned',
    `answered within ${thresholdSec} s / offered<br><small>95 % interval</small>`,
    'answer rate',
    'abandon rate',
    'ASA',
    'AHT',
    'talk',
    'repeat callers',
  ]);
}

const threshold = (r: KpiReport): number => r.options.thresholdsSec[0] ?? 15;

/** One line per group over the whole window, then all groups. */
export function summaryTable(byGroup: KpiReport): string {
  const t = threshold(byGroup);
  const sl = `serviceLevel.${t}`;
  const rows = byGroup.groups.map((g) => `<tr>${rowHead(g.key.group ?? '')}${kpiCells(g.kpis, sl)}</tr>`);
  rows.push(`<tr class="total">${rowHead('all groups')}${kpiCells(byGroup.kpis, sl)}</tr>`);
  return `<table id="summary-table">${kpiHead('group', t)}<tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

/** A target's bound as text: `≥ 80.0 %`, `≤ 5.0 %`, `180.0 s–420.0 s`. */
function bound(t: TargetAssessment): string {
  const unit = t.target === 'aht' ? 'sec' : 'rate';
  if (t.min !== null && t.max !== null) return `${formatValue(t.min, unit)}–${formatValue(t.max, unit)}`;
  return t.min !== null ? `≥ ${formatValue(t.min, unit)}` : `≤ ${formatValue(t.max ?? NaN, unit)}`;
}

const TARGET_LABELS: Readonly<Record<TargetAssessment['target'], string>> = {
  service_level: 'service level',
  abandon_rate: 'abandon rate',
  satisfaction: 'satisfaction',
  aht: 'AHT',
  connection_rate_24h: 'connection rate (24 h)',
};

function targetRow(period: string, t: TargetAssessment, currency: string): string {
  const unit = t.target === 'aht' ? 'sec' : 'rate';
  const ci = t.interval ? `<br><small>[${pct1(t.interval[0])}–${pct1(t.interval[1])}]</small>` : '';
  const verdict = t.met === null ? 'not judged' : t.met ? 'met' : 'missed';
  return `<tr class="${verdict.replace(' ', '-')}">${rowHead(period)}<td class="text">${esc(TARGET_LABELS[t.target])}</td><td>${esc(formatValue(t.actual, unit))}${ci}</td><td>${esc(bound(t))}</td><td class="verdict">${verdict}</td><td>${esc(formatValue(t.penalty, 'money'))} ${esc(currency)}</td></tr>`;
}

/** A group's periods against its contract: each target, then the period's price, penalty and payable. */
export function contractTable(assessments: readonly PeriodAssessment[]): string {
  const rows = assessments.flatMap((a) => [
    ...a.targets.map((t) => targetRow(a.period, t, a.currency)),
    `<tr class="period-total">${rowHead(a.period)}<td class="text" colspan="4">contract ${esc(a.contract)} (judged on the ${a.judgeOn === 'interval' ? '95 % interval' : 'point estimate'}): price ${esc(formatValue(a.price.total, 'money'))}, penalty${a.capped ? ' (capped)' : ''}</td><td>${esc(formatValue(a.penalty, 'money'))} ${esc(a.currency)}</td></tr>`,
    `<tr class="payable">${rowHead(a.period)}<td class="text" colspan="4">payable</td><td>${esc(formatValue(a.payable, 'money'))} ${esc(a.currency)}</td></tr>`,
  ]);
  return `<table class="contract-table">${head(['period', 'target', 'actual<br><small>95 % interval</small>', 'contract', 'met?', 'penalty'])}<tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

const byGroupName = (groups: readonly KpiGroup[], name: string) => groups.filter((g) => g.key.group === name);

/**
 * Per group, one line per month with the KPIs and their intervals, and the group's contract assessment
 * beneath when one is given. Groups that only the assessment names get a section too.
 */
export function monthSections(byMonthGroup: KpiReport, assessment: readonly PeriodAssessment[]): string {
  const t = threshold(byMonthGroup);
  const names = [
    ...new Set([...byMonthGroup.groups.map((g) => g.key.group ?? ''), ...assessment.map((a) => a.group)]),
  ].sort();
  return names
    .map((name) => {
      const rows = byGroupName(byMonthGroup.groups, name).map(
        (g) => `<tr>${rowHead(g.key.month ?? '')}${kpiCells(g.kpis, `serviceLevel.${t}`)}</tr>`,
      );
      const mine = assessment.filter((a) => a.group === name);
      const table =
        rows.length === 0
          ? '<p>No calls of this group in the window.</p>'
          : `<table class="month-table">${kpiHead('month', t)}<tbody>\n${rows.join('\n')}\n</tbody></table>`;
      return `<section class="group" data-group="${esc(name)}"><h3>${esc(name)}</h3>\n${table}${mine.length > 0 ? `\n<h4>Against the contract</h4>\n${contractTable(mine)}` : ''}</section>`;
    })
    .join('\n');
}

/** All groups by local hour of day: offered, service level and abandon rate with intervals. */
export function hourTable(hours: readonly HourOfDayView[], thresholdSec: number): string {
  const rows = hours.map((h) => {
    const k = h.report.kpis;
    return `<tr>${rowHead(`${h.hour}:00`)}${countCell(k.offered)}${rateCell(k, `serviceLevel.${thresholdSec}`)}${rateCell(k, 'abandonRate')}</tr>`;
  });
  return `<table id="hour-table">${head(['hour', 'offered', `answered within ${thresholdSec} s / offered`, 'abandon rate'])}<tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

/** The waits of answered calls per group: ASA, percentiles and the longest wait. */
export function tailTable(byGroup: KpiReport): string {
  const line = (name: string, k: Kpis, cls = '') =>
    `<tr${cls}>${rowHead(name)}${countCell(k.answered)}${secCell(k.asaSec)}${secCell(k.waitSec.p50)}${secCell(k.waitSec.p90)}${secCell(k.waitSec.p95)}${secCell(k.waitSec.p99)}${secCell(k.waitSec.max)}${secCell(k.meanTimeToAbandonSec)}</tr>`;
  const rows = byGroup.groups.map((g) => line(g.key.group ?? '', g.kpis));
  rows.push(line('all groups', byGroup.kpis, ' class="total"'));
  return `<table id="tail-table">${head(['group', 'answered', 'ASA', 'p50', 'p90', 'p95', 'p99', 'max', 'mean time to abandon'])}<tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

/** Per group and month: callers invited to rate, ratings, participation and satisfaction (strict and lenient). */
export function satisfactionTable(byMonthGroup: KpiReport): string {
  const line = (group: string, month: string, k: Kpis, cls = '') =>
    `<tr${cls}>${rowHead(group)}<td class="text">${esc(month)}</td>${countCell(k.surveyInvited)}${countCell(k.ratings)}${rateCell(k, 'surveyParticipation')}${rateCell(k, 'satisfactionStrict')}${rateCell(k, 'satisfactionLenient')}</tr>`;
  const rows = byMonthGroup.groups.map((g) => line(g.key.group ?? '', g.key.month ?? '', g.kpis));
  rows.push(line('all groups', 'all months', byMonthGroup.kpis, ' class="total"'));
  return `<table id="satisfaction-table">${head(['group', 'month', 'invited', 'rated', 'participation<br><small>rated / invited</small>', 'satisfied (strict)<br><small>very satisfied + satisfied</small>', 'satisfied (lenient)<br><small>+ fairly satisfied</small>'])}<tbody>\n${rows.join('\n')}\n</tbody></table>`;
}
