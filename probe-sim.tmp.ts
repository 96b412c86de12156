import { loadScenario } from '/work/wt/twin/src/scenario/load-scenario.js';
import { prepareScenario } from '/work/wt/twin/src/planning/flow-registry.js';
import { runReplication } from '/work/wt/twin/src/planning/run-scenario.js';
const root = '/work/wt/twin';
const { scenario } = loadScenario(process.argv[2] ?? 'test/fixtures/scenarios/live-sim-twin.yaml', root, root + '/scenarios');
await prepareScenario(scenario, root);
const out: unknown[] = [];
runReplication(scenario, Number(process.argv[3] ?? scenario.seed), 0, undefined, (r) => out.push({ ...r }));
for (const r of out as any[]) console.log(r.callSid, r.arrivalSec.toFixed(1), (r.queueEntrySec - r.arrivalSec).toFixed(1), r.answerSec === null ? '-' : (r.answerSec - r.queueEntrySec).toFixed(1), r.outcome, r.pool, r.agentGroup, r.agentId, r.attempt, r.handleSec, r.talkSec, r.rating, r.surveyInvited, r.endSec - r.arrivalSec);
