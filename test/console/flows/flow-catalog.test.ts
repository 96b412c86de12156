import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import direct from '../../../flows/hotline-12345-direct.js';
import { FlowCatalog } from '../../../src/console/flows/flow-catalog.js';
import { FLOWS_DIR } from '../../../src/scenario/load-flow.js';

describe('the flow catalog', () => {
  it('lists the live flow first (with its file when a listed file defines it), then the shipped flows', async () => {
    const catalog = await FlowCatalog.load(direct, FLOWS_DIR);
    const list = catalog.list();
    expect(list[0]).toEqual({ id: direct.id, title: direct.title, source: 'live' });
    expect(list.map((f) => f.id)).toContain('hotline-12345-menu');
    expect(list.filter((f) => f.id !== direct.id).every((f) => f.source === 'shipped')).toBe(true);
    expect(catalog.get(direct.id)).toBe(direct);
    expect(catalog.file(direct.id)).toBe(join(FLOWS_DIR, 'hotline-12345-direct.ts'));
  });

  it('loads only files named like flow ids from the folder, and leaves out a file that fails, telling why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flow-catalog-'));
    writeFileSync(join(dir, 'broken.ts'), 'export default 42;\n');
    writeFileSync(join(dir, 'Not An Id.ts'), 'throw new Error("must never be imported");\n');
    writeFileSync(join(dir, 'notes.txt'), 'not a flow\n');
    const skipped: string[] = [];
    const catalog = await FlowCatalog.load(direct, dir, (file) => skipped.push(file));
    expect(skipped).toEqual([join(dir, 'broken.ts')]);
    expect(catalog.list().some((f) => f.source === 'folder')).toBe(false);
  });

  it('refuses an id it does not list, whatever it looks like, with one line naming the listed ones', async () => {
    const catalog = await FlowCatalog.load(direct, FLOWS_DIR);
    for (const id of ['nope', '../package', '/etc/passwd', 'hotline-12345-direct.ts']) {
      expect(() => catalog.get(id)).toThrow(expect.objectContaining({ code: 'HOTLINE_CONSOLE_FLOW_UNKNOWN' }));
    }
    expect(() => catalog.get('nope')).toThrow(/^No flow "nope" in the flow view; pick one of: hotline-12345-direct, /);
  });
});
