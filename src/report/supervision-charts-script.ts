/**
 * The supervision report's browser script (plain ES2020, run after Chart.js): reads the JSON in
 * `#supervision-data` (a `SupervisionChartData`) and draws three charts: service level and abandonment by
 * hour of day (a line per group, all groups bold, contract targets dashed) and the wait distribution of
 * answered calls. Animation is off so the charts are complete once the page has loaded; then
 * `body[data-charts="drawn"]` is set. Kept as text so the report stays one self-contained file.
 */
export const SUPERVISION_CHARTS_SCRIPT = `
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('supervision-data').textContent);
  var PALETTE = ['#222222', '#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];
  function color(i) { return PALETTE[i % PALETTE.length]; }
  function axis(text, extra) { return Object.assign({ title: { display: true, text: text } }, extra || {}); }
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.font.family = 'system-ui, sans-serif';

  function hourChart(id, lines, targets, targetLabel, yTitle) {
    var datasets = lines.map(function (s, i) {
      return {
        label: s.name, data: s.valuesPct, borderColor: color(i), backgroundColor: color(i),
        borderWidth: i === 0 ? 3 : 1.5, pointRadius: 2, spanGaps: false, tension: 0.2,
        low: s.lowPct, high: s.highPct
      };
    });
    targets.forEach(function (t) {
      datasets.push({
        label: targetLabel + ' ' + t + ' %', data: data.hours.map(function () { return t; }),
        borderColor: '#555', borderDash: [6, 4], pointRadius: 0, borderWidth: 1.5
      });
    });
    new Chart(document.getElementById(id), {
      type: 'line',
      data: { labels: data.hours, datasets: datasets },
      options: {
        scales: { x: axis('hour of day (calls by arrival, local time)'), y: axis(yTitle, { min: 0, max: 100 }) },
        plugins: {
          tooltip: {
            callbacks: {
              afterLabel: function (item) {
                var ds = item.dataset;
                if (!ds.low || ds.low[item.dataIndex] === null) return '';
                return '95 % interval ' + ds.low[item.dataIndex] + '–' + ds.high[item.dataIndex] + ' %';
              }
            }
          }
        }
      }
    });
  }
  hourChart('chart-sl-hour', data.serviceLevel, data.serviceLevelTargetsPct, 'contract minimum',
    'answered within ' + data.thresholdSec + ' s / offered (%)');
  hourChart('chart-abandon-hour', data.abandonRate, data.abandonRateMaxPct, 'contract maximum',
    'abandoned / offered (%)');

  new Chart(document.getElementById('chart-wait'), {
    type: 'bar',
    data: {
      labels: data.waitBins,
      datasets: data.wait.map(function (s, i) { return { label: s.name, data: s.sharePct, backgroundColor: color(i) }; })
    },
    options: { scales: { x: axis('wait of answered calls (s)'), y: axis('share of answered calls (%)', { beginAtZero: true }) } }
  });
  document.body.setAttribute('data-charts', 'drawn');
})();
`;
