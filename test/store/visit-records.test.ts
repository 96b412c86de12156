import { describe, expect, it } from 'vitest';
import { MemoryCallStore } from '../../src/store/memory-call-store.js';
import { visitRecords } from '../../src/store/visit-records.js';
import { record } from '../helpers/call-records.js';

describe('visitRecords', () => {
  it('hands every record of the window once, in arrival order, across page boundaries, and none outside it', async () => {
    const store = new MemoryCallStore();
    const arrivals = [5, 100, 100, 101, 150, 199, 200, 250];
    for (const at of [...arrivals].reverse()) await store.putRecord(record(at));
    const seen: number[] = [];
    await visitRecords(store, { fromSec: 100, toSec: 200 }, (r) => seen.push(r.arrivalSec), 2);
    expect(seen).toEqual([100, 100, 101, 150, 199]);
    const all: string[] = [];
    await visitRecords(store, { fromSec: 0, toSec: 1000 }, (r) => all.push(r.callSid), 3);
    expect(new Set(all).size).toBe(arrivals.length);
  });
});
