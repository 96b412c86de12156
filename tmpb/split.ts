import Database from 'better-sqlite3';
import { RECORD_COLUMNS, valuesToRecord } from '../src/store/sqlite-rows.js';
const db = new Database('/tmp/kp/b200.db', { readonly: true });
const st = db.prepare(`SELECT ${RECORD_COLUMNS.join(', ')} FROM call_records INDEXED BY call_records_arrival WHERE (arrival_sec, call_sid) > (?, ?) ORDER BY arrival_sec, call_sid LIMIT 5000`).raw();
for (let k = 0; k < 3; k++) {
  let c = process.cpuUsage(); let rows: unknown[][] = []; let after: [number, string] = [-Infinity, ''];
  let n = 0; let conv = 0;
  for (;;) { const page = st.all(after[0], after[1]) as unknown[][]; if (!page.length) break; n += page.length; const last = page[page.length - 1]!; after = [last[4] as number, last[0] as string];
    const c2 = process.cpuUsage(); const recs = page.map((r) => valuesToRecord(r, 0)); const u2 = process.cpuUsage(c2); conv += u2.user + u2.system; rows = recs as never; }
  const u = process.cpuUsage(c);
  console.log(n, 'total cpu ms', ((u.user + u.system) / 1000).toFixed(0), 'convert ms', (conv / 1000).toFixed(0), rows.length);
}
