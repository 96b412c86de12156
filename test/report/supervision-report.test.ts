import { describe, expect, it } from 'vitest';
import { assessContract } from '../../src/analysis/contract-assessment.js';
import { renderSupervisionReport } from '../../src/report/supervision-report.js';
import { supervisionData, type SupervisionData } from '../../src/report/supervision-data.js';
import { ACME_CONTRACT, HOSTILE_GROUP, supervisionRecords } from '../fixtures/supervision-records.js';

const OPTIONS = { timeZone: 'Asia/Shanghai', sortedByArrival: true } as const;
/** 2026-02-05T12:00:00Z, a fixed generation time. */
const GENERATED_MS = Date.parse('2026-02-05T12:00:00Z');

const data: SupervisionData = await supervisionData(supervisionRecords(), OPTIONS);
const assessment = assessContract(
  ACME_CONTRACT,
  data.byMonthGroup.groups
    .filter((g) => g.key.group === 'acme')
    .map((g) => ({ group: 'acme', period: g.key.month!, kpis: g.kpis })),
);
const html = renderSupervisionReport({ data, source: 'data/calls.db', generatedAtMs: GENERATED_MS, assessment });

/** The HTML of the element that starts with `marker`, up to its closing `end`. */
function part(marker: string, end = '</table>'): string {
  const start = html.indexOf(marker);
  expect(start, marker).toBeGreaterThanOrEqual(0);
  return html.slice(start, html.indexOf(end, start));
}

/** The cells of the row whose header is `name`, as text. */
function row(table: string, name: string): string[] {
  const tr = table.split('<tr').find((r) => r.includes(`<th scope="row">${name}</th>`));
  expect(tr, name).toBeDefined();
  return [...tr!.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((m) =>
    m[1]!.replace(/<br><small>/, ' ').replace(/<[^>]+>/g, ''),
  );
}

describe('renderSupervisionReport', () => {
  it('heads the page with the source, window, zone, counting rules, contract and the injected time', () => {
    const head = part('<dl id="report-header">', '</dl>');
    expect(head).toContain('data/calls.db');
    expect(head).toContain('arrivals from the first record to the last record; 7 records');
    expect(head).toContain('first arrival 2026-02-01 09:10 +08:00, last 2026-03-02 09:30 +08:00');
    expect(head).toContain('Asia/Shanghai; a business day starts at 00:00');
    expect(head).toContain('answered within 15 s of queue entry / offered');
    expect(head).toContain('repeat caller: two calls within 168 h');
    expect(head).toContain('acme-2026');
    expect(head).toContain('2026-02-05 20:00:00 +08:00');
  });

  it('names a bounded window and the counting rules asked for', async () => {
    const bounded = await supervisionData(supervisionRecords(), {
      timeZone: 'Asia/Shanghai',
      dayStartHour: 6,
      fromSec: Date.parse('2026-02-01T00:00:00+08:00') / 1000,
      toSec: Date.parse('2026-03-01T00:00:00+08:00') / 1000,
      kpi: { serviceLevelFrom: 'arrival', repeatWindowSec: 86_400 },
    });
    const page = renderSupervisionReport({ data: bounded, source: 'records.csv', generatedAtMs: 0 });
    expect(page).toContain(
      'arrivals from 2026-02-01 00:00 +08:00 until 2026-03-01 00:00 +08:00 (exclusive); 6 records',
    );
    expect(page).toContain('answered within 15 s of arrival (IVR time included) / offered');
    expect(page).toContain('two calls within 24 h');
    expect(page).toContain('a business day starts at 06:00');
    expect(page).toContain('<dt>Source</dt><dd>records.csv</dd>');
  });

  it('shows per group and month the KPIs with their Wilson intervals', () => {
    const acme = part('<section class="group" data-group="acme">', '</section>');
    // offered, answered, abandoned, SL, answer rate, abandon rate, ASA, AHT, talk, repeat callers
    expect(row(acme, '2026-02')).toEqual([
      '3',
      '2',
      '1',
      '33.3 % [6.1–79.2]',
      '66.7 % [20.8–93.9]',
      '33.3 % [6.1–79.2]',
      '22.5 s',
      '180.0 s',
      '150.0 s',
      '50.0 % [9.5–90.5]',
    ]);
    expect(row(acme, '2026-03').slice(0, 4)).toEqual(['1', '1', '0', '100.0 % [20.7–100.0]']);
  });

  it('shows each contract target: actual, bound, met or missed, penalty, and the period’s payable', () => {
    const contract = part('<section class="group" data-group="acme">', '</section>');
    expect(contract).toContain('Against the contract');
    expect(contract).toMatch(
      /<tr class="missed"><th scope="row">2026-02<\/th><td class="text">service level<\/td><td>33\.3 %<br><small>\[6\.1–79\.2\]<\/small><\/td><td>≥ 80\.0 %<\/td><td class="verdict">missed<\/td><td>5,167 CNY<\/td>/,
    );
    expect(contract).toMatch(
      /<td class="text">abandon rate<\/td><td>33\.3 %.*?<td>≤ 5\.0 %<\/td><td class="verdict">missed<\/td><td>1,417 CNY/,
    );
    expect(contract).toMatch(/penalty<\/td><td>6,583 CNY<\/td>/);
    expect(contract).toMatch(/payable<\/td><td>93,417 CNY<\/td>/);
    expect(contract).toMatch(/<tr class="met"><th scope="row">2026-03<\/th><td class="text">service level<\/td>/);
  });

  it('summarises the whole window per group and for all groups', () => {
    const summary = part('<table id="summary-table">');
    expect(row(summary, 'acme').slice(0, 4)).toEqual(['4', '3', '1', '50.0 % [15.0–85.0]']);
    expect(row(summary, 'all groups').slice(0, 3)).toEqual(['6', '4', '2']);
  });

  it('tabulates service level and abandonment by local hour of day', () => {
    const hours = part('<table id="hour-table">');
    expect(row(hours, '09:00')).toEqual(['3', '66.7 % [20.8–93.9]', '0.0 % [0.0–56.1]']);
    expect(row(hours, '10:00')).toEqual(['1', '0.0 % [0.0–79.3]', '100.0 % [20.7–100.0]']);
    expect(row(hours, '14:00')).toEqual(['2', '50.0 % [9.5–90.5]', '50.0 % [9.5–90.5]']);
    expect(row(hours, '11:00')).toEqual(['0', '-', '-']);
  });

  it('shows the waits’ tail per group', () => {
    const tail = part('<table id="tail-table">');
    const acme = row(tail, 'acme');
    expect(acme.slice(0, 2)).toEqual(['3', '18.3 s']);
    expect(acme[6]).toBe('40.0 s');
    expect(acme[7]).toBe('30.0 s');
  });

  it('shows satisfaction strict and lenient, participation over invited, per group and month', () => {
    const table = part('<table id="satisfaction-table">');
    const febAcme = table.split('<tr').find((r) => r.includes('acme</th><td class="text">2026-02'))!;
    expect(febAcme).toContain('<td>2</td><td>2</td>');
    expect(febAcme).toMatch(/100\.0 %.*50\.0 %.*100\.0 %/);
    const marAcme = table.split('<tr').find((r) => r.includes('acme</th><td class="text">2026-03'))!;
    expect(marAcme).toContain('<td>1</td><td>0</td><td title="0 / 1">0.0 %');
  });

  it('escapes group names everywhere, in tables and in the charts’ JSON', () => {
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;team&#39;');
    const json = part('<script type="application/json" id="supervision-data">', '</script>');
    expect(json).toContain('\\u003cscript>alert');
    const embedded = JSON.parse(json.slice(json.indexOf('>') + 1));
    expect(embedded.serviceLevel.map((s: { name: string }) => s.name)).toContain(HOSTILE_GROUP);
  });

  it('is the same page for the same input, and without a contract has no contract tables', () => {
    expect(renderSupervisionReport({ data, source: 'data/calls.db', generatedAtMs: GENERATED_MS, assessment })).toBe(
      html,
    );
    const plain = renderSupervisionReport({ data, source: 'x.csv', generatedAtMs: GENERATED_MS });
    expect(plain).not.toContain('contract-table');
    expect(plain).toContain('<dt>Contract</dt><dd>none given</dd>');
  });
});
