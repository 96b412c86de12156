/**
 * Erlang A speed: the planners' benchmark (λ = 100/min, AHT 3 min, patience
 * 2 min, n = 310, A = 300 Erlang), the largest case in erlang.md, timed as the
 * best of 20 runs after a warm-up, against Erlang C on the same load (the
 * closed form it extends) measured in the same run. Target: well under 50 ms
 * (an hourly staffing plan evaluates it hundreds of times). Timing lives here,
 * not in the tests: a test must not fail because the machine is busy.
 *
 * Run: `npm run bench:erlang` (= `node --import tsx bench/erlang.ts`).
 */
import { erlangA } from '../src/analysis/erlang-a.js';
import { erlangC } from '../src/analysis/erlang-c.js';

const BENCHMARK = { ratePerSec: 100 / 60, ahtSec: 180, patienceSec: 120, targetSec: 20, agents: 310 } as const;

function bestMs(run: () => void, rounds = 20): number {
  run();
  let best = Infinity;
  for (let i = 0; i < rounds; i += 1) {
    const start = performance.now();
    run();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

const aMs = bestMs(() => erlangA(BENCHMARK));
const cMs = bestMs(() => erlangC(BENCHMARK));
console.log(
  `Erlang A, n = 310, A = 300: ${aMs.toFixed(3)} ms (best of 20; target < 50 ms: ${aMs < 50 ? 'met' : 'MISSED'})`,
);
console.log(`Erlang C, same load (baseline): ${cMs.toFixed(3)} ms; Erlang A / Erlang C = ${(aMs / cMs).toFixed(1)}x`);
