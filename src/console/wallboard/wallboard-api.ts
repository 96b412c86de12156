import { basename, relative } from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import { HotlineError } from '../../errors.js';
import { loadContract } from '../../scenario/load-contract.js';
import { loadScenario } from '../../scenario/load-scenario.js';
import { DEFAULT_LIVE_CLIENTS } from '../../server/routes/admin-live.js';
import { SseClients, sseEvent } from '../../server/routes/sse-clients.js';
import type { WallboardChange, WallboardState } from '../../server/services/live-feed.js';
import type { ConsoleViewOptions } from '../access/console-view-options.js';
import { sessionAlive } from '../access/session-alive.js';
import { WallboardTracker } from './wallboard-board.js';
import type { WallboardEvent } from './wallboard-wire.js';

/** Extra options of the wallboard plugin (tests: a short keep-alive, a small cap). */
export interface WallboardApiOptions extends ConsoleViewOptions {
  readonly maxClients?: number;
  readonly keepAliveMs?: number;
}

/**
 * /console/api/wallboard: GET /live, server-sent events of the live feed (app.hotline.feed) with the wallboard's
 * own figures: each contract (`contracts`) on today and the current hour against its targets, today's calls per
 * hour beside the `expectScenario`'s, the contractors' overflow. A `snapshot` event first, then a `change` per feed
 * change, each `{ seq, what, feed, board }` (WallboardEvent) with `id:` = seq. The contract and scenario files are
 * read once, when the plugin starts: a bad file stops the server with its coded error.
 */
export const wallboardApi: FastifyPluginAsync<WallboardApiOptions> = async (scope, options) => {
  const { feed, store, nowSec } = scope.hotline;
  const contracts = options.contracts.map((file) => loadContract(file, relative(options.cwd, file) || file));
  const expect =
    options.expectScenario === null
      ? null
      : (() => {
          const { scenario, file } = loadScenario(options.expectScenario, options.cwd, options.scenariosDir, {
            flowsDir: options.flowsDir,
          });
          return { demand: scenario.demand, name: basename(file) };
        })();
  const tracker = new WallboardTracker({ feed, store, nowSec, contracts, expect });
  await tracker.start();
  scope.addHook('onClose', async () => tracker.close());

  const maxClients = options.maxClients ?? DEFAULT_LIVE_CLIENTS;
  const clients = new SseClients({
    maxClients,
    ...(options.keepAliveMs === undefined ? {} : { keepAliveMs: options.keepAliveMs }),
    full: (open) =>
      new HotlineError(
        'HOTLINE_LIVE_FEED_FULL',
        `GET /console/api/wallboard/live: ${open} wallboards are open, the most this server serves; close one.`,
      ),
  });
  // Every open wallboard gets the same change: its text is made once.
  let last: { seq: number; text: string } | null = null;
  const changeText = (seq: number, what: WallboardChange, state: WallboardState): string => {
    if (last?.seq !== seq) {
      const event: WallboardEvent = { seq, what, feed: state, board: tracker.result() };
      last = { seq, text: sseEvent(seq, 'change', event) };
    }
    return last.text;
  };

  scope.get('/live', async (request, reply) =>
    clients.open(
      reply,
      ({ send }) => {
        const snapshot: WallboardEvent = {
          seq: feed.seq,
          what: 'snapshot',
          feed: feed.state(),
          board: tracker.result(),
        };
        send(sseEvent(feed.seq, 'snapshot', snapshot));
        return feed.subscribe((seq, what, state) => send(changeText(seq, what, state)));
      },
      // A supervisor's wallboard ends with its session (signed out, idle), as an agent's desktop does.
      { alive: sessionAlive(options.sessions, request) },
    ),
  );
  scope.addHook('preClose', async () => clients.endAll());
};
