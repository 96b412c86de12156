import { useEffect, useRef, useState } from 'preact/hooks';
import { openEvents } from '../../api.js';
import { fill, formatNumber, formatRate, useLang, useStrings } from '../../i18n.js';
import type { Session } from '../../session.js';
import { CallsChart } from './calls-chart.js';
import { AgentTable, ContractTable, QueueTable } from './wallboard-tables.js';
import { STRINGS } from './wallboard-strings.js';
import type { WallboardEvent } from '../../../src/console/wallboard/wallboard-wire.js';

/** One figure: `data-kpi` names it, `data-value` holds the number behind the text (tests and the bench read both). */
function Tile(props: {
  readonly kpi: string;
  readonly label: string;
  readonly value: number | null;
  readonly text: string;
  readonly sub?: string;
}) {
  return (
    <div class="card tile">
      <div class="value" data-kpi={props.kpi} data-value={props.value ?? ''}>
        {props.text}
      </div>
      <div class="label">{props.label}</div>
      {props.sub ? <small class="muted">{props.sub}</small> : null}
    </div>
  );
}

/** The feed's waits `sinceSec` later than it was sent (callers still waiting have waited that much longer). */
function aged(feed: WallboardEvent['feed'], sinceSec: number): WallboardEvent['feed'] {
  if (!(sinceSec > 0) || Object.keys(feed.queues).length === 0) return feed;
  const queues = Object.fromEntries(
    Object.entries(feed.queues).map(([name, q]) => [name, { ...q, longestWaitSec: q.longestWaitSec + sinceSec }]),
  );
  return { ...feed, queues, longestWaitSec: feed.longestWaitSec + sinceSec };
}

/**
 * The supervisors' wallboard: the live feed's figures and the wallboard's own (contracts, calls per hour), updated
 * on every server-sent event of GET /console/api/wallboard/live (no polling). The root's `data-seq` is the last
 * applied event's sequence number.
 */
export function WallboardView(_props: { readonly session: Session }) {
  const s = useStrings(STRINGS);
  const lang = useLang();
  const [event, setEvent] = useState<WallboardEvent | null>(null);
  const [receivedMs, setReceivedMs] = useState(0);
  const [nowMs, setNowMs] = useState(0);

  const latest = useRef<WallboardEvent | null>(null);
  useEffect(() => {
    // Each event carries the whole state: events arriving within one frame are drawn once, with the last one (at
    // 1,000 calls, drawing each would queue them up behind one another). EventSource reconnects by itself; the
    // server then sends a fresh snapshot.
    let frame = 0;
    const draw = () => {
      frame = 0;
      const at = performance.now();
      setReceivedMs(at);
      setNowMs(at);
      setEvent(latest.current);
    };
    const apply = (data: unknown) => {
      latest.current = data as WallboardEvent;
      if (frame === 0) frame = requestAnimationFrame(draw);
    };
    const close = openEvents('/wallboard/live', { snapshot: apply, change: apply });
    return () => {
      close();
      cancelAnimationFrame(frame);
    };
  }, []);

  // Waits grow between events: a local one-second clock ages them (a display tick, no request).
  const anyWaiting = event !== null && Object.keys(event.feed.queues).length > 0;
  useEffect(() => {
    if (!anyWaiting) return;
    const timer = setInterval(() => setNowMs(performance.now()), 1000);
    return () => clearInterval(timer);
  }, [anyWaiting]);

  if (event === null)
    return (
      <section class="wallboard loading" data-seq="">
        {s.connecting}
      </section>
    );
  const { board } = event;
  const feed = aged(event.feed, (nowMs - receivedMs) / 1000);
  const k = feed.today.kpis;
  const waiting = Object.values(feed.queues).reduce((n, q) => n + q.waiting, 0);
  const rate = (x: number | null | undefined) => formatRate(lang, x);
  const num = (x: number) => formatNumber(lang, x);
  return (
    <section class="wallboard" data-seq={event.seq}>
      <p class="muted">{fill(s.day, { day: feed.today.window.day })}</p>
      <div class="grid">
        <Tile kpi="waiting" label={s.waiting} value={waiting} text={num(waiting)} />
        <Tile
          kpi="longestWait"
          label={s.longestWait}
          value={Math.round(feed.longestWaitSec)}
          text={fill(s.seconds, { n: num(feed.longestWaitSec) })}
        />
        <Tile
          kpi="sl15Queue"
          label={s.sl15Queue}
          value={k.serviceLevelFromQueue['15'] ?? null}
          text={rate(k.serviceLevelFromQueue['15'])}
        />
        <Tile
          kpi="sl15Arrival"
          label={s.sl15Arrival}
          value={k.serviceLevelFromArrival['15'] ?? null}
          text={rate(k.serviceLevelFromArrival['15'])}
        />
        <Tile kpi="abandonRate" label={s.abandonRate} value={k.abandonRate} text={rate(k.abandonRate)} />
        <Tile
          kpi="satisfaction"
          label={s.satisfaction}
          value={k.satisfactionStrict}
          text={rate(k.satisfactionStrict)}
        />
        <Tile kpi="callbacksOwed" label={s.callbacksOwed} value={feed.callbacksOwed} text={num(feed.callbacksOwed)} />
        <Tile
          kpi="overflowAnswered"
          label={s.overflow}
          value={board.overflow.answered}
          text={num(board.overflow.answered)}
        />
        <Tile
          kpi="overflowQueued"
          label={s.overflowQueued}
          value={board.overflow.queued}
          text={num(board.overflow.queued)}
        />
        <Tile
          kpi="connection24h"
          label={s.connection24h}
          value={feed.connection24h.rate}
          text={rate(feed.connection24h.rate)}
          sub={fill(s.connection24hOf, { a: num(feed.connection24h.answered), o: num(feed.connection24h.offered) })}
        />
        <Tile kpi="arrivals" label={s.arrivals} value={k.arrivals} text={num(k.arrivals)} />
      </div>
      <ContractTable contracts={board.contracts} />
      <div class="grid wide">
        <QueueTable queues={feed.queues} />
        <AgentTable agents={feed.agents} />
      </div>
      <CallsChart calls={board.calls} />
    </section>
  );
}
