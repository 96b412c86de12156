import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentCall, DEFAULT_CALL_TYPES } from '../../../src/console/agent/agent-desktop.js';
import { newCallRecord } from '../../../src/record/call-record.js';
import { parseScenario } from '../../../src/scenario/load-scenario.js';

const SCENARIOS = new URL('../../../scenarios/', import.meta.url).pathname;

describe('the agent desktop', () => {
  it('offers the request types the shipped 12345 scenarios name, so live records and scenarios agree', () => {
    const named = new Set<string>();
    for (const file of readdirSync(SCENARIOS).filter((f) => f.startsWith('case-liaocheng'))) {
      const scenario = parseScenario(readFileSync(join(SCENARIOS, file), 'utf8'), file);
      for (const type of scenario.call_types) named.add(type.name);
    }
    expect([...named].sort()).toEqual([...DEFAULT_CALL_TYPES].sort());
  });

  it('lists a call without the caller hash, with its wait from queue entry to answer', () => {
    const record = {
      ...newCallRecord({
        callSid: 'CA1',
        flowId: 'f',
        direction: 'inbound',
        callerHash: 'abcdef0123456789',
        arrivalSec: 100,
        language: 'cmn-CN',
        lastState: 'survey',
      }),
      queueEntrySec: 130,
      answerSec: 142,
      agentId: '3001',
      callType: 'help',
      resolved: true,
    };
    const listed = agentCall(record);
    expect(listed).toMatchObject({ callSid: 'CA1', waitSec: 12, callType: 'help', resolved: true });
    expect(JSON.stringify(listed)).not.toContain('abcdef0123456789');
  });
});
