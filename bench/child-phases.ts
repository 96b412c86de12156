/**
 * The phase harness the store benchmarks share (bench/kpis.ts, bench/calibrate.ts): each phase runs in a fresh
 * child process (so one phase's heap and caches never help the next), phases are interleaved round by round
 * (so a burst of load on a shared machine hits them alike), and each phase keeps its best CPU time.
 */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';

/** What one phase measured, in its child process. */
export interface PhaseResult {
  readonly sec: number;
  /** CPU time (user + system): steadier than wall time on a shared machine. */
  readonly cpuSec: number;
  readonly records: number;
  readonly maxRssMb: number;
}

/** Runs `work` (which returns the records it handled) and measures it, in this process. */
export async function measurePhase(work: () => number | Promise<number>): Promise<PhaseResult> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const records = await work();
  const sec = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { sec, cpuSec: (used.user + used.system) / 1e6, records, maxRssMb: process.resourceUsage().maxRSS / 1024 };
}

/** Runs `script --phase PHASE FILE` in a child process and reads the PhaseResult it prints last. */
function childPhase(script: string, phase: string, file: string): PhaseResult {
  const run = spawnSync(process.execPath, ['--import', 'tsx', script, '--phase', phase, file], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`phase ${phase} failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as PhaseResult;
}

/** Each phase run `repeat` times in child processes of `script`, interleaved; the best CPU time of each. */
export function bestOfInterleaved(
  script: string,
  phases: readonly string[],
  file: string,
  repeat: number,
): Map<string, PhaseResult> {
  const best = new Map<string, PhaseResult>();
  for (let round = 0; round < repeat; round += 1)
    for (const phase of phases) {
      const r = childPhase(script, phase, file);
      const kept = best.get(phase);
      if (kept === undefined || r.cpuSec < kept.cpuSec) best.set(phase, r);
    }
  return best;
}

/**
 * The phases' table: each phase's best run as CPU and wall time, records per CPU second, peak RSS and its CPU
 * ratio to the baseline phase; a phase in `rssOnly` (an idle process) shows its peak RSS alone.
 */
export function printPhases(
  phases: readonly (readonly [phase: string, label: string])[],
  best: ReadonlyMap<string, PhaseResult>,
  baselinePhase: string,
  rssOnly: readonly string[] = [],
): void {
  const baseline = best.get(baselinePhase)!;
  const width = Math.max(...phases.map(([, label]) => label.length)) + 1;
  for (const [phase, label] of phases) {
    const r = best.get(phase)!;
    if (rssOnly.includes(phase)) {
      console.log(`${label.padEnd(width)} peak RSS ${r.maxRssMb.toFixed(0)} MB`);
      continue;
    }
    const rate = Math.round(r.records / r.cpuSec).toLocaleString('en-US');
    console.log(
      `${label.padEnd(width)} CPU ${r.cpuSec.toFixed(2)} s (wall ${r.sec.toFixed(2)} s)  ${rate} records/CPU s  peak RSS ${r.maxRssMb.toFixed(0)} MB  CPU ×${(r.cpuSec / baseline.cpuSec).toFixed(2)} of the read`,
    );
  }
}

/** The `--phase PHASE FILE` a child process was started with, or null in the parent. */
export function phaseArguments(): { readonly phase: string; readonly file: string } | null {
  const at = process.argv.indexOf('--phase');
  return at < 0 ? null : { phase: process.argv[at + 1]!, file: process.argv[at + 2]! };
}
