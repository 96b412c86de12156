import { BarChart, CustomChart, GraphChart, HeatmapChart, LineChart, ScatterChart } from 'echarts/charts';
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import { type EChartsCoreOption, type EChartsType, init, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'preact/hooks';
import { useLang } from './i18n.js';

// Only what the views draw is bundled (ECharts' tree-shakeable core): lines with bands, bars, heat maps, scatter
// (cost against service level), graphs (the flow view).
use([
  BarChart,
  CustomChart,
  GraphChart,
  HeatmapChart,
  LineChart,
  ScatterChart,
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

/** What a test (or a curious reader) finds on a chart's element: the ECharts instance. */
declare global {
  interface HTMLElement {
    hotlineChart?: EChartsType;
  }
}

export interface ChartProps {
  /** The ECharts option; the chart is redrawn (merged off) whenever it changes. */
  readonly option: EChartsCoreOption;
  /** A stable id: tests and screenshots find the chart by it (`data-chart`). */
  readonly id: string;
  readonly height?: number;
}

/**
 * One ECharts chart on a canvas, in the console's language (ECharts' built-in ZH and EN locales: axis names of
 * dates, toolbox and legend texts). Tooltips render as rich text on the canvas: the Content Security Policy allows
 * no inline style attributes, which ECharts' HTML tooltips use.
 */
export function Chart({ option, id, height = 280 }: ChartProps) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  const lang = useLang();

  useEffect(() => {
    const el = element.current!;
    const instance = init(el, undefined, { renderer: 'canvas', locale: lang === 'zh' ? 'ZH' : 'EN' });
    chart.current = instance;
    el.hotlineChart = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
      delete el.hotlineChart;
    };
  }, [lang]);

  useEffect(() => {
    // The view's own tooltip settings are kept, but never its render mode: an HTML tooltip would break the CSP.
    const tooltip = { ...((option as { tooltip?: object }).tooltip ?? {}), renderMode: 'richText' };
    chart.current?.setOption({ animation: false, ...option, tooltip }, { notMerge: true });
  }, [option, lang]);

  return <div class="chart" data-chart={id} ref={element} style={{ height: `${height}px` }} />;
}
