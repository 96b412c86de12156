import type { KpiUnit, PairedDifference } from '../planning/compare.js';
import type { Estimate } from '../analysis/confidence.js';

const finite = (x: number | null | undefined): x is number => typeof x === 'number' && Number.isFinite(x);

/** Decimals for a unit: rates in percent with one, seconds with one, money whole above 1,000. */
function digits(unit: KpiUnit, x: number): number {
  if (unit === 'count') return 0;
  if (unit === 'money') return Math.abs(x) >= 1000 ? 0 : 2;
  return 1;
}

/** Rates are shown in percent (differences in percentage points); everything else as is. */
const scaled = (unit: KpiUnit, x: number): number => (unit === 'rate' ? x * 100 : x);

function plain(unit: KpiUnit, x: number, d = digits(unit, x), sign = false): string {
  const text = scaled(unit, x).toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
  // A value that rounds to zero is shown unsigned: "-0.0" would suggest a direction the figures do not have.
  if (/^-?0(\.0*)?$/.test(text)) return text.replace('-', '');
  return sign && x > 0 ? `+${text}` : text;
}

const SUFFIX: Readonly<Record<KpiUnit, string>> = { count: '', rate: ' %', sec: ' s', money: '' };
const DIFF_SUFFIX: Readonly<Record<KpiUnit, string>> = { count: '', rate: ' pts', sec: ' s', money: '' };

/** A value with its unit, e.g. `78.3 %`, `12.4 s`, `4,512`; `-` when undefined. */
export function formatValue(x: number | null | undefined, unit: KpiUnit): string {
  return finite(x) ? `${plain(unit, x)}${SUFFIX[unit]}` : '-';
}

/** An estimate as `mean ± half-width unit`, e.g. `78.3 ± 1.2 %`; without `±` for a single replication. */
export function formatEstimate(e: Estimate | null | undefined, unit: KpiUnit): string {
  if (!e || !finite(e.mean)) return '-';
  const d = digits(unit, e.mean);
  if (e.n < 2 || !finite(e.halfWidth)) return `${plain(unit, e.mean, d)}${SUFFIX[unit]}`;
  return `${plain(unit, e.mean, d)} ± ${plain(unit, e.halfWidth, d)}${SUFFIX[unit]}`;
}

/** A CI as `[low, high]` in the estimate's unit (no suffix). */
export function formatCi(e: Estimate | null | undefined, unit: KpiUnit): string {
  if (!e || e.n < 2 || !finite(e.ci[0]) || !finite(e.ci[1])) return '';
  const d = digits(unit, e.mean);
  return `[${plain(unit, e.ci[0], d)}, ${plain(unit, e.ci[1], d)}]`;
}

/** A paired difference as `+1.2 pts [+0.4, +2.0]` (rates in percentage points); `-` when undefined. */
export function formatDifference(d: PairedDifference | null | undefined, unit: KpiUnit): string {
  if (!d || !finite(d.mean)) return '-';
  const n = digits(unit, Math.max(Math.abs(d.mean), Math.abs(d.ci[0]), Math.abs(d.ci[1])));
  const head = `${plain(unit, d.mean, n, true)}${DIFF_SUFFIX[unit]}`;
  if (d.n < 2 || !finite(d.ci[0]) || !finite(d.ci[1])) return head;
  return `${head} [${plain(unit, d.ci[0], n, true)}, ${plain(unit, d.ci[1], n, true)}]`;
}
