// The public API of hotline, by name (no `export *`): what flows, tools and embedders import.

export { ERROR_CODES, HotlineError, isHotlineError } from './errors.js';
export type { ErrorCode } from './errors.js';

// Flow vocabulary and runtime.
export { say, play, tones, pause } from './flow/prompt.js';
export type { Prompt } from './flow/prompt.js';
export { announce, gather, enqueue, agent, transfer, record, lookup, hangup } from './flow/step.js';
export type { Step, StepKind, WaitPlan } from './flow/step.js';
export type { CallEvent, CallEventType } from './flow/call-event.js';
export { flowGuards, pressed, entered, said, below, is, found } from './flow/flow-guards.js';
export { flowActions, increment, setValues, saveDigits, saveLookup, saveAgent } from './flow/flow-actions.js';
export { defineFlow } from './flow/flow-definition.js';
export type { FlowDefinition, FlowInput } from './flow/flow-definition.js';
export { FlowCall } from './flow/runtime/flow-call.js';
export { coveragePaths } from './flow/graph/coverage-paths.js';
export { flowGraph } from './flow/graph/flow-graph.js';
export { flowEvents } from './flow/graph/flow-events.js';
export type { Language, Text } from './flow/text.js';

// Records and KPIs.
export type { CallRecord, CallOutcome, AgentPool } from './record/call-record.js';
export { KpiAccumulator } from './analysis/kpis.js';
export type { Kpis } from './analysis/kpis.js';
export { meanCi } from './analysis/confidence.js';

// Analytics.
export { erlangB } from './analysis/erlang-b.js';
export { erlangC } from './analysis/erlang-c.js';
export { erlangA } from './analysis/erlang-a.js';
export { minAgentsErlangA, minAgentsErlangC, scheduledFromOnPhone } from './analysis/staffing.js';

// Scenarios and simulation.
export { parseScenario, loadScenario } from './scenario/load-scenario.js';
export { parseContract, loadContract } from './scenario/load-contract.js';
export { assessContract } from './analysis/contract-assessment.js';
export { wilsonInterval } from './analysis/wilson-interval.js';
export type {
  Contract,
  ContractPeriodInput,
  PeriodAssessment,
  TargetAssessment,
} from './analysis/contract-assessment.js';
export type { ScenarioReadOptions } from './scenario/load-scenario.js';
export { resolveFlowReference, FLOW_ID_PATTERN } from './scenario/flow-reference.js';
export type { FlowReferenceOptions } from './scenario/flow-reference.js';
export type { Scenario } from './scenario/scenario-schema.js';
export { loadFlow } from './scenario/load-flow.js';
export { prepareScenario } from './planning/flow-registry.js';
export { simulate, runReplication, summarise } from './planning/run-scenario.js';
export { simulateReplications } from './planning/parallel-replications.js';
export { CompiledFlow } from './flow/runtime/compiled-flow.js';

// Live server.
export { buildApp } from './server/app.js';
export type { AppOptions } from './server/app.js';
export { SqliteCallStore } from './store/sqlite-call-store.js';
export { MemoryCallStore } from './store/memory-call-store.js';
export type { CallStore, RecordCursor, RecordPage, RecordPageQuery, RecordPageReader } from './store/call-store.js';
export { housekeeping } from './server/housekeeping.js';
export { StoreLock } from './store/store-lock.js';
export type { LogDestination, LogLevel, LogOptions } from './server/server-log.js';
