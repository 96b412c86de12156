import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../../api.js';
import { Chart } from '../../chart.js';
import { fill, useStrings } from '../../i18n.js';
import type { Session } from '../../session.js';
import { flowGraphOption } from './flow-graph-option.js';
import type {
  CatalogEntry,
  FlowGraphAnswer,
  FlowList,
  FlowTraffic,
  FlowViewCoverage,
} from '../../../src/console/flows/flows-wire.js';
import { FLOWS_STRINGS, KIND_STRINGS } from './flows-strings.js';

/** Milliseconds between two reads of today's traffic. */
const TRAFFIC_POLL_MS = 2000;

function message(error: unknown): string {
  return error instanceof ApiError || error instanceof Error ? error.message : String(error);
}

/**
 * The flow view: pick a flow; its state graph (top to bottom) coloured by what `hotline test` covers, each state
 * labelled with today's calls through it (read again every 2 s), and a table of what is not covered.
 */
export function FlowsView(_props: { readonly session: Session }) {
  const s = useStrings(FLOWS_STRINGS);
  const kinds = useStrings(KIND_STRINGS);
  const [flows, setFlows] = useState<readonly CatalogEntry[]>([]);
  const [flowId, setFlowId] = useState<string | null>(null);
  const [graph, setGraph] = useState<FlowGraphAnswer | null>(null);
  const [coverage, setCoverage] = useState<FlowViewCoverage | null>(null);
  const [traffic, setTraffic] = useState<FlowTraffic | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The graph is drawn to the page's width (see flowGraphOption): the card's width, followed as it changes.
  const card = useRef<HTMLDivElement>(null);
  const [widthPx, setWidthPx] = useState(1000);
  useEffect(() => {
    const el = card.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setWidthPx(Math.round(el.clientWidth)));
    observer.observe(el);
    setWidthPx(Math.round(el.clientWidth));
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    api
      .get<FlowList>('/flows/')
      .then((answer) => {
        setFlows(answer.flows);
        setFlowId(answer.live);
      })
      .catch((e: unknown) => setError(message(e)));
  }, []);

  useEffect(() => {
    if (flowId === null) return;
    let stop = false;
    setGraph(null);
    setCoverage(null);
    setTraffic(null);
    const path = `/flows/${encodeURIComponent(flowId)}`;
    api
      .get<FlowGraphAnswer>(`${path}/graph`)
      .then((g) => !stop && setGraph(g))
      .catch((e: unknown) => setError(message(e)));
    api
      .get<FlowViewCoverage>(`${path}/coverage`)
      .then((c) => !stop && setCoverage(c))
      .catch((e: unknown) => setError(message(e)));
    const read = () =>
      api
        .get<FlowTraffic>(`${path}/traffic`)
        .then((t) => !stop && setTraffic(t))
        .catch((e: unknown) => setError(message(e)));
    read();
    const timer = setInterval(read, TRAFFIC_POLL_MS);
    return () => {
      stop = true;
      clearInterval(timer);
    };
  }, [flowId]);

  const drawn = useMemo(
    () =>
      graph &&
      flowGraphOption(
        graph,
        coverage,
        traffic,
        {
          covered: s.covered,
          uncovered: s.uncovered,
          unreachable: s.unreachable,
          calls: s.calls,
          kinds,
        },
        widthPx,
      ),
    [graph, coverage, traffic, s, kinds, widthPx],
  );
  const missing = coverage
    ? [
        ...coverage.graph.states.filter((st) => !st.covered).map((st) => ({ what: s.state, name: st.id })),
        ...coverage.graph.transitions
          .filter((t) => !t.covered)
          .map((t) => ({ what: s.transition, name: `${t.from} —${t.event}→ ${t.to}` })),
      ]
    : [];

  return (
    <section class="flows" data-flows-view data-flow={flowId ?? ''}>
      <h2>{s.title}</h2>
      {error && (
        <p class="error" role="alert" data-flows-error>
          {error}
        </p>
      )}
      <label>
        {s.pick}{' '}
        <select
          data-flow-picker
          value={flowId ?? ''}
          onChange={(e) => setFlowId((e.currentTarget as HTMLSelectElement).value)}
        >
          {flows.map((f) => (
            <option key={f.id} value={f.id}>
              {f.title} ({f.id}){f.source === 'live' ? ` ${s.live}` : ''}
            </option>
          ))}
        </select>
      </label>
      {coverage ? (
        <p data-coverage={`${coverage.states.covered}/${coverage.states.total}`}>
          {fill(s.coverage, {
            sc: coverage.states.covered,
            st: coverage.states.total,
            tc: coverage.transitions.covered,
            tt: coverage.transitions.total,
            paths: coverage.paths,
          })}{' '}
          <span class="muted">{fill(s.criterion, { c: coverage.criterion })}</span>
        </p>
      ) : (
        graph && <p class="muted">{s.computing}</p>
      )}
      {traffic && (
        <p data-traffic-calls={traffic.calls.finished + traffic.calls.live}>
          {fill(s.today, { day: traffic.day, finished: traffic.calls.finished, live: traffic.calls.live })}
        </p>
      )}
      <div class="card" ref={card} data-flow-graph={graph?.flowId ?? ''} data-coverage-ready={coverage ? 'yes' : 'no'}>
        {drawn && <Chart id="flow-graph" option={drawn.option} height={drawn.heightPx} />}
        <p class="muted">{s.edges}</p>
        <p class="muted">{s.trafficNote}</p>
      </div>
      {coverage && (
        <div class="card" data-uncovered={missing.length}>
          <h3>{s.uncoveredTitle}</h3>
          {missing.length === 0 ? (
            <p class="ok">{s.allCovered}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th>{s.what}</th>
                  <th>
                    {s.state} / {s.transition}
                  </th>
                </tr>
              </thead>
              <tbody>
                {missing.map((m) => (
                  <tr key={`${m.what}:${m.name}`} data-uncovered-item={m.name}>
                    <td>{m.what}</td>
                    <td>{m.name}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </section>
  );
}
