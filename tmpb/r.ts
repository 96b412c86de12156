import { RepeatCallers } from '../src/analysis/repeat-callers.js';
const n = 1_000_000;
const hashes = Array.from({ length: n }, (_, i) => `${((i * 7919) % 200000).toString(16).padStart(32, '0')}`);
for (let k = 0; k < 4; k++) {
  const r = new RepeatCallers(7 * 86400);
  const c = process.cpuUsage();
  for (let i = 0; i < n; i++) r.add(hashes[i]!, 1767196800 + i * 7.5);
  const u = process.cpuUsage(c);
  console.log('cpu ms', ((u.user + u.system) / 1000).toFixed(0), r.repeatCallers);
}
