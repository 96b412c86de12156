import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { escapeHtml, renderReport } from '../../src/report/html-report.js';
import { simulate } from '../../src/planning/run-scenario.js';

const scenario = parseScenario(
  `name: "<b>City</b> & 'co'"
horizon: { calls: 500 }
demand: { calls_per_hour: 120 }
call_types: [{ name: g, share: 1, skill: g, handle_sec: { dist: exponential, mean: 180 } }]
pools: [{ name: a, pool: in-house, skills: [g], agents: 8 }]
`,
  'test.yaml',
);
const html = renderReport({
  title: '</title><script>alert(1)</script>',
  scenarios: [
    { name: scenario.name, summary: simulate(scenario, { seed: 1, replications: 2 }), targets: scenario.targets },
  ],
});

describe('renderReport', () => {
  it('escapes the title and scenario names', () => {
    expect(escapeHtml(`<a href="x">&'`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#39;');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;b&gt;City&lt;/b&gt; &amp; &#39;co&#39;');
    expect(html).not.toContain('<b>City</b>');
  });

  it('is self-contained: Chart.js inlined, no external src or href, every fetch forbidden by its CSP', () => {
    expect(html).toContain('Chart.js v4');
    expect(html).not.toMatch(/\b(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(html).toContain(`content="default-src 'none'; script-src 'unsafe-inline'`);
    expect(html).not.toContain('sourceMappingURL');
  });

  it('embeds chart data as JSON that cannot close its script element', () => {
    const json = /<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(html)![1]!;
    expect(json).not.toContain('<');
    const data = JSON.parse(json);
    expect(data.wait[0].name).toBe(scenario.name);
    expect(data.waitBins).toHaveLength(25);
    expect(data.waitBins.at(-1)).toBe('≥120');
  });
});
