import { describe, expect, it } from 'vitest';
import direct from '../../../flows/hotline-12345-direct.js';
import menu from '../../../flows/hotline-12345-menu.js';
import unreachable from '../../fixtures/flows/lint-unreachable-state.js';
import type { FlowDefinition } from '../../../src/flow/flow-definition.js';
import { coveragePaths } from '../../../src/flow/graph/coverage-paths.js';
import { flowGraph } from '../../../src/flow/graph/flow-graph.js';
import { eventLabel, pathTransitions, stateGraph, transitionKey } from '../../../src/flow/graph/state-graph.js';

const legs = (flow: FlowDefinition) => ({
  inbound: flowGraph(flow),
  callback: flowGraph(flow, { input: { direction: 'callback', skill: 'general' } }),
});

describe("a flow's state graph", () => {
  it('has a node per state the flow graph reaches, with its step kind, and each transition once', () => {
    const graphs = legs(menu);
    const graph = stateGraph(menu, graphs);
    const reached = new Set([...graphs.inbound.vertices.values()].map((v) => v.stateId));
    for (const id of reached) expect(graph.nodes.some((n) => n.id === id)).toBe(true);
    expect(graph.starts).toEqual({ inbound: 'welcome', callback: 'callbackIntro' });
    expect(graph.nodes.find((n) => n.id === 'menu')).toMatchObject({ kind: 'gather', reachable: true });
    expect(graph.nodes.find((n) => n.id === 'queue')).toMatchObject({ kind: 'enqueue', tags: ['queue'] });
    const keys = graph.transitions.map(transitionKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toContain('menu --HANGUP--> callerHungUp');
  });

  it('collapses every path of the flow onto its transitions', () => {
    const graph = stateGraph(direct, legs(direct));
    const keys = new Set(graph.transitions.map(transitionKey));
    for (const path of coveragePaths(direct).paths)
      for (const t of pathTransitions(path)) expect(keys.has(transitionKey(t))).toBe(true);
  });

  it('adds a declared state no call reaches as an unreachable node', () => {
    const graph = stateGraph(unreachable, legs(unreachable));
    expect(graph.nodes.find((n) => n.id === 'orphan')).toEqual({
      id: 'orphan',
      kind: 'announce',
      tags: [],
      reachable: false,
    });
  });

  it('labels events by what tells them apart', () => {
    expect(eventLabel({ type: 'DIGITS', digits: '1' })).toBe('DIGITS 1');
    expect(eventLabel({ type: 'SPEECH', text: '火警', confidence: 0.9 })).toBe('SPEECH "火警"');
    expect(eventLabel({ type: 'LOOKUP_RESULT', found: false })).toBe('LOOKUP_RESULT not-found');
    expect(eventLabel({ type: 'QUEUE_RESULT', result: 'queue-full' })).toBe('QUEUE_RESULT queue-full');
    expect(eventLabel({ type: 'NO_INPUT' })).toBe('NO_INPUT');
  });
});
