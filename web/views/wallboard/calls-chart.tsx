import { useMemo } from 'preact/hooks';
import { Chart } from '../../chart.js';
import { useStrings } from '../../i18n.js';
import { STRINGS } from './wallboard-strings.js';
import type { WallboardEvent } from '../../../src/console/wallboard/wallboard-wire.js';

const pad = (h: number) => `${String(h).padStart(2, '0')}:00`;

/** Today's calls per hour (bars) beside the expectation scenario's (a line), one ECharts chart. */
export function CallsChart({ calls }: { readonly calls: WallboardEvent['board']['calls'] }) {
  const s = useStrings(STRINGS);
  // Every event brings a new object; the chart is redrawn only when the numbers differ (a `line` change has the same).
  const key = JSON.stringify(calls);
  const option = useMemo(
    () => ({
      legend: { top: 0, data: calls.expected ? [s.actual, s.expected] : [s.actual] },
      grid: { left: 48, right: 16, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: calls.hours.map(pad) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: s.actual, type: 'bar', data: [...calls.actual] },
        ...(calls.expected
          ? [{ name: s.expected, type: 'line', data: calls.expected.map((x) => Math.round(x * 10) / 10) }]
          : []),
      ],
    }),
    [key, s],
  );
  return (
    <section class="card" data-table="calls">
      <h3>
        {s.calls}
        {calls.scenario ? <span class="muted"> ({calls.scenario})</span> : null}
      </h3>
      {calls.expected ? null : <p class="muted">{s.noExpectation}</p>}
      <Chart id="wallboard-calls" option={option} height={260} />
    </section>
  );
}
