import dagre from '@dagrejs/dagre';
import type { EChartsCoreOption } from 'echarts/core';
import type { FlowGraphAnswer, FlowTraffic, FlowViewCoverage } from '../../../src/console/flows/flows-wire.js';

/** Colours of the three node categories (covered, not covered, unreachable) and of the edges. */
export const COLOURS = { covered: '#2e7d32', uncovered: '#c62828', unreachable: '#9e9e9e', edge: '#607d8b' } as const;

const NODE_WIDTH = 150;
const NODE_HEIGHT = 52;
/** Room left and right of the graph, and above it for the legend, pixels. */
const SIDE_PX = 10;
const LEGEND_PX = 40;

/** Labels the chart needs, in the page's language. */
export interface GraphLabels {
  readonly covered: string;
  readonly uncovered: string;
  readonly unreachable: string;
  /** '{n} calls today' */
  readonly calls: string;
  readonly kinds: Readonly<Record<string, string>>;
}

/** A laid-out graph: node centres by state id, and the spread of the centres (pixels at scale 1). */
export interface GraphLayout {
  readonly positions: ReadonlyMap<string, { readonly x: number; readonly y: number }>;
  readonly spanX: number;
  readonly spanY: number;
}

/** Node positions, top to bottom (dagre), by state id; self-loops are left out of the layout. */
export function layoutGraph(graph: FlowGraphAnswer): GraphLayout {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'TB', nodesep: 30, ranksep: 60 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of graph.nodes) g.setNode(node.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  const seen = new Set<string>();
  for (const t of graph.transitions) {
    const key = `${t.from}\u0000${t.to}`;
    if (t.from === t.to || seen.has(key)) continue;
    seen.add(key);
    g.setEdge(t.from, t.to, {}, key);
  }
  dagre.layout(g);
  const positions = new Map(graph.nodes.map((n) => [n.id, { x: g.node(n.id).x, y: g.node(n.id).y }]));
  const xs = [...positions.values()].map((p) => p.x);
  const ys = [...positions.values()].map((p) => p.y);
  return {
    positions,
    spanX: xs.length === 0 ? 0 : Math.max(...xs) - Math.min(...xs),
    spanY: ys.length === 0 ? 0 : Math.max(...ys) - Math.min(...ys),
  };
}

/**
 * The ECharts option of a flow's graph: a `graph` series with fixed positions (dagre, top to bottom), one node per
 * state coloured by coverage and labelled with today's calls through it (`value`), one link per pair of states with
 * the events between them, dashed when one of them is not covered.
 */
export function flowGraphOption(
  graph: FlowGraphAnswer,
  coverage: FlowViewCoverage | null,
  traffic: FlowTraffic | null,
  labels: GraphLabels,
  widthPx: number,
): { option: EChartsCoreOption; heightPx: number } {
  const { positions, spanX, spanY } = layoutGraph(graph);
  // ECharts fits the node centres to the series' box but draws symbols at their pixel size: scale both alike, so the
  // drawing is the layout, smaller (never larger) where the page is narrower than the graph.
  const scale = Math.max(0.35, Math.min(1, (widthPx - 2 * SIDE_PX - NODE_WIDTH) / Math.max(1, spanX)));
  const box = {
    left: SIDE_PX + (NODE_WIDTH * scale) / 2,
    right: SIDE_PX + (NODE_WIDTH * scale) / 2,
    top: LEGEND_PX + (NODE_HEIGHT * scale) / 2,
    bottom: SIDE_PX + (NODE_HEIGHT * scale) / 2,
  };
  const heightPx = Math.round(box.top + box.bottom + spanY * scale);
  const covered = new Map(coverage?.graph.states.map((s) => [s.id, s.covered]) ?? []);
  const categories = [
    { name: labels.covered, itemStyle: { color: COLOURS.covered } },
    { name: labels.uncovered, itemStyle: { color: COLOURS.uncovered } },
    { name: labels.unreachable, itemStyle: { color: COLOURS.unreachable } },
  ];
  const data = graph.nodes.map((node) => {
    const calls = traffic?.states[node.id]?.through ?? 0;
    const category = !node.reachable ? 2 : covered.get(node.id) === false ? 1 : 0;
    const { x, y } = positions.get(node.id)!;
    return {
      id: node.id,
      name: node.id,
      value: calls,
      x,
      y,
      category,
      label: {
        show: true,
        formatter: `${node.id}\n${labels.kinds[node.kind] ?? node.kind} · ${labels.calls.replace('{n}', String(calls))}`,
      },
    };
  });
  const byPair = new Map<string, { source: string; target: string; events: string[]; covered: boolean }>();
  const transitions = coverage?.graph.transitions ?? graph.transitions.map((t) => ({ ...t, covered: true }));
  for (const t of transitions) {
    const key = `${t.from}\u0000${t.to}`;
    const pair = byPair.get(key) ?? { source: t.from, target: t.to, events: [], covered: true };
    pair.events.push(t.event);
    pair.covered &&= t.covered;
    byPair.set(key, pair);
  }
  const links = [...byPair.values()].map((p) => {
    const calls = traffic?.transitions[`${p.source} -> ${p.target}`];
    return {
      source: p.source,
      target: p.target,
      value: p.events.join(', '),
      lineStyle: { type: p.covered ? 'solid' : 'dashed', color: p.covered ? COLOURS.edge : COLOURS.uncovered },
      // A pair's calls are known only where its second state has no other way in (see the README).
      label: { show: calls !== undefined, formatter: labels.calls.replace('{n}', String(calls ?? 0)), fontSize: 10 },
    };
  });
  const option = {
    legend: [{ data: categories.map((c) => c.name), top: 0 }],
    tooltip: {
      formatter: (p: { dataType?: string; value?: unknown; name?: string }) =>
        String(p.dataType === 'edge' ? p.value : p.name),
    },
    series: [
      {
        type: 'graph',
        layout: 'none',
        ...box,
        roam: true,
        symbol: 'roundRect',
        symbolSize: [NODE_WIDTH * scale, NODE_HEIGHT * scale],
        edgeSymbol: ['none', 'arrow'],
        edgeSymbolSize: 8,
        autoCurveness: true,
        categories,
        data,
        links,
        label: { color: '#fff', fontSize: Math.max(9, Math.round(12 * scale)), lineHeight: Math.round(16 * scale) },
        lineStyle: { width: 1.5, opacity: 0.8 },
      },
    ],
  };
  return { option, heightPx };
}
