import { KpiAccumulator } from '../src/analysis/kpis.js';
import { newCallRecord } from '../src/record/call-record.js';
const recs = [];
for (let i = 0; i < 300000; i++) {
  const a = 1767196800 + i * 7;
  recs.push({ ...newCallRecord({ callSid: `CA${i}`, flowId: 'f', direction: 'inbound', callerHash: `h${(i * 7919) % 200000}`, arrivalSec: a, language: 'zh', lastState: 'q' }),
    ivrExitSec: a + 10, queueEntrySec: a + 10, answerSec: a + 10 + (i % 90), endSec: a + 300, talkSec: 200, handleSec: 230, pool: 'in-house', outcome: 'answered', surveyInvited: true, rating: 1 + (i % 5) });
}
for (const variant of ['all', 'noHash', 'all', 'noHash']) {
  const acc = new KpiAccumulator();
  const t = performance.now();
  for (const r of recs) acc.add(variant === 'noHash' ? { ...r, callerHash: null } : r);
  console.log(variant, (performance.now() - t).toFixed(0), 'ms');
}
const t = performance.now(); let s = 0; for (const r of recs) { const x = { ...r, callerHash: null }; s += x.arrivalSec; } console.log('spread only', (performance.now() - t).toFixed(0));
