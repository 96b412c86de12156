/**
 * The report's browser script (plain ES2020, run after Chart.js): reads the
 * JSON in `#report-data` (a `ReportChartData`) and draws the three charts.
 * Animation is off so a chart is complete as soon as the page has loaded.
 * Kept as text here so the report stays one self-contained file.
 */
export const REPORT_CHARTS_SCRIPT = `
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];
  function color(i) { return PALETTE[i % PALETTE.length]; }
  function axis(text, extra) { return Object.assign({ title: { display: true, text: text } }, extra || {}); }
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.font.family = 'system-ui, sans-serif';

  new Chart(document.getElementById('chart-wait'), {
    type: 'bar',
    data: {
      labels: data.waitBins,
      datasets: data.wait.map(function (s, i) { return { label: s.name, data: s.sharePct, backgroundColor: color(i) }; })
    },
    options: { scales: { x: axis('wait of answered calls (s)'), y: axis('share of answered calls (%)', { beginAtZero: true }) } }
  });

  var lines = data.serviceLevelByInterval.map(function (s, i) {
    return { label: s.name, data: s.valuesPct, borderColor: color(i), backgroundColor: color(i), pointRadius: 2, tension: 0.2 };
  });
  data.serviceLevelTargets.forEach(function (t) {
    lines.push({ label: t.label, data: data.intervals.map(function () { return t.valuePct; }), borderColor: '#555', borderDash: [6, 4], pointRadius: 0, borderWidth: 1.5 });
  });
  new Chart(document.getElementById('chart-sl-hour'), {
    type: 'line',
    data: { labels: data.intervals, datasets: lines },
    options: { scales: { x: axis('hour of day (calls by arrival time)'), y: axis('answered within 15 s / offered (%)', { suggestedMin: 50, max: 100 }) } }
  });

  // Chart.js has no error bars: draw each point's 95 % CIs as whiskers, and the targets as vertical lines.
  var whiskers = {
    id: 'whiskers',
    afterDatasetsDraw: function (chart) {
      var ctx = chart.ctx, xs = chart.scales.x, ys = chart.scales.y;
      ctx.save();
      ctx.lineWidth = 1.5;
      chart.data.datasets.forEach(function (ds, i) {
        var p = ds.whisker;
        if (!p || p.x === null || p.y === null || !chart.isDatasetVisible(i)) return;
        ctx.strokeStyle = ds.borderColor;
        var cx = xs.getPixelForValue(p.x), cy = ys.getPixelForValue(p.y);
        ctx.beginPath();
        if (p.xLow !== null && p.xHigh !== null) {
          var x0 = xs.getPixelForValue(p.xLow), x1 = xs.getPixelForValue(p.xHigh);
          ctx.moveTo(x0, cy); ctx.lineTo(x1, cy);
          ctx.moveTo(x0, cy - 4); ctx.lineTo(x0, cy + 4); ctx.moveTo(x1, cy - 4); ctx.lineTo(x1, cy + 4);
        }
        if (p.yLow !== null && p.yHigh !== null) {
          var y0 = ys.getPixelForValue(p.yLow), y1 = ys.getPixelForValue(p.yHigh);
          ctx.moveTo(cx, y0); ctx.lineTo(cx, y1);
          ctx.moveTo(cx - 4, y0); ctx.lineTo(cx + 4, y0); ctx.moveTo(cx - 4, y1); ctx.lineTo(cx + 4, y1);
        }
        ctx.stroke();
      });
      ctx.strokeStyle = '#555';
      ctx.setLineDash([6, 4]);
      data.serviceLevelTargets.forEach(function (t) {
        var x = xs.getPixelForValue(t.valuePct);
        if (x < chart.chartArea.left || x > chart.chartArea.right) return;
        ctx.beginPath(); ctx.moveTo(x, chart.chartArea.top); ctx.lineTo(x, chart.chartArea.bottom); ctx.stroke();
      });
      ctx.restore();
    }
  };
  function bounds(values, pad, floor, ceiling) {
    var v = values.filter(function (x) { return x !== null; });
    if (v.length === 0) return {};
    var lo = Math.min.apply(null, v), hi = Math.max.apply(null, v), span = (hi - lo) || Math.abs(hi) * 0.05 || 1;
    return { suggestedMin: Math.max(floor, lo - span * pad), suggestedMax: Math.min(ceiling, hi + span * pad) };
  }
  var xs = [], ys = [];
  data.cost.forEach(function (p) { xs.push(p.x, p.xLow, p.xHigh); ys.push(p.y, p.yLow, p.yHigh); });
  data.serviceLevelTargets.forEach(function (t) { xs.push(t.valuePct); });
  new Chart(document.getElementById('chart-cost-sl'), {
    type: 'scatter',
    data: {
      datasets: data.cost.map(function (p, i) {
        return { label: p.name, data: p.x === null || p.y === null ? [] : [{ x: p.x, y: p.y }], whisker: p, borderColor: color(i), backgroundColor: color(i), pointRadius: 6, pointHoverRadius: 8 };
      })
    },
    options: { scales: { x: axis('answered within 15 s / offered (%)', Object.assign(bounds(xs, 0.15, 0, 100), { max: 100 })), y: axis('cost per year', bounds(ys, 0.15, 0, Infinity)) } },
    plugins: [whiskers]
  });
  document.body.setAttribute('data-charts', 'drawn');
})();
`;
