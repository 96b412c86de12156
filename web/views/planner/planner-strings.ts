import type { Strings } from '../../i18n.js';

type Key =
  | 'scenarios'
  | 'open'
  | 'staffing'
  | 'contract'
  | 'behaviour'
  | 'agents'
  | 'agentsByHour'
  | 'shrinkage'
  | 'perAgentYear'
  | 'perAgentHour'
  | 'perSeatYear'
  | 'fixedPerYear'
  | 'answerWithinSec'
  | 'serviceLevelTarget'
  | 'abandonRateMax'
  | 'penaltySl'
  | 'penaltyAbandon'
  | 'callsPerDay'
  | 'callsPerHour'
  | 'patienceMean'
  | 'redialProbability'
  | 'run'
  | 'kind'
  | 'simulate'
  | 'compare'
  | 'staff'
  | 'compareWith'
  | 'replications'
  | 'calls'
  | 'seed'
  | 'cancel'
  | 'running'
  | 'queued'
  | 'done'
  | 'failed'
  | 'cancelled'
  | 'invalid'
  | 'valid'
  | 'saveAs'
  | 'save'
  | 'saved'
  | 'report'
  | 'inputs'
  | 'results'
  | 'slByHour'
  | 'waitTail'
  | 'abandonOccupancy'
  | 'heatmap'
  | 'costVsSl'
  | 'costBreakdown'
  | 'target'
  | 'abandonment'
  | 'occupancy'
  | 'waitLonger'
  | 'waitSec'
  | 'hour'
  | 'day'
  | 'serviceLevel'
  | 'costPerYear'
  | 'staffCost'
  | 'contractPrice'
  | 'penalties'
  | 'meetsTargets'
  | 'missesTargets'
  | 'edited'
  | 'baseline'
  | 'planAgents'
  | 'pool'
  | 'ciBand'
  | 'cheapest'
  | 'none'
  | 'seatsNote'
  | 'twin'
  | 'records'
  | 'timeZone'
  | 'kpi'
  | 'actual'
  | 'predicted'
  | 'interval'
  | 'inside'
  | 'outside'
  | 'twinPeriod';

/** The planner's words, Mandarin first. */
export const PLANNER_STRINGS: Strings<Key> = {
  zh: {
    scenarios: '情景',
    open: '打开',
    staffing: '人员配置',
    contract: '合同与目标',
    behaviour: '来电行为',
    agents: '坐席数',
    agentsByHour: '各小时坐席数（24 个，逗号分隔）',
    shrinkage: '缺勤率',
    perAgentYear: '每坐席年成本',
    perAgentHour: '每坐席小时价格',
    perSeatYear: '每席位年成本',
    fixedPerYear: '固定年费',
    answerWithinSec: '接通时限（秒）',
    serviceLevelTarget: '服务水平目标',
    abandonRateMax: '最高放弃率',
    penaltySl: '服务水平每低 1 点罚金',
    penaltyAbandon: '放弃率每高 1 点罚金',
    callsPerDay: '日话务量',
    callsPerHour: '每小时来电',
    patienceMean: '平均耐心（秒）',
    redialProbability: '重拨概率',
    run: '运行',
    kind: '任务',
    simulate: '仿真',
    compare: '对比',
    staff: '排班',
    compareWith: '同时对比',
    replications: '重复次数',
    calls: '每次首呼数（可空）',
    seed: '随机种子',
    cancel: '取消',
    running: '运行中',
    queued: '排队中',
    done: '完成',
    failed: '失败',
    cancelled: '已取消',
    invalid: '情景有误，请按字段提示修改',
    valid: '情景有效',
    saveAs: '另存为新文件',
    save: '保存',
    saved: '已保存为 {file}',
    report: '下载报告',
    inputs: '输入',
    results: '结果',
    slByHour: '各小时服务水平（95% 置信区间）',
    waitTail: '等待时间尾部（对数刻度）',
    abandonOccupancy: '各小时放弃率与占用率',
    heatmap: '按日、按小时的服务水平',
    costVsSl: '成本与服务水平',
    costBreakdown: '年成本构成',
    target: '目标',
    abandonment: '放弃率',
    occupancy: '占用率',
    waitLonger: '等待超过 t 的比例',
    waitSec: '等待（秒）',
    hour: '小时',
    day: '第几天',
    serviceLevel: '服务水平',
    costPerYear: '年成本',
    staffCost: '人员',
    contractPrice: '合同价格',
    penalties: '罚金',
    meetsTargets: '达标',
    missesTargets: '未达标',
    edited: '（已修改）',
    baseline: '基准',
    planAgents: '各小时排班人数',
    pool: '坐席组',
    ciBand: '置信区间',
    cheapest: '达标中成本最低：{name}',
    none: '无',
    seatsNote: '人员成本含席位与固定费用',
    twin: '孪生校验',
    records: '通话记录库（工作目录内的 SQLite 文件）',
    timeZone: '时区',
    kpi: '指标',
    actual: '实际',
    predicted: '预测',
    interval: '预测区间',
    inside: '区间内',
    outside: '区间外',
    twinPeriod: '{from} 至 {to}，{records} 条记录',
  },
  en: {
    scenarios: 'Scenarios',
    open: 'Open',
    staffing: 'Staffing',
    contract: 'Contract and targets',
    behaviour: 'Caller behaviour',
    agents: 'Agents',
    agentsByHour: 'Agents by hour (24, comma-separated)',
    shrinkage: 'Shrinkage',
    perAgentYear: 'Cost per agent-year',
    perAgentHour: 'Price per agent-hour',
    perSeatYear: 'Cost per seat-year',
    fixedPerYear: 'Fixed price per year',
    answerWithinSec: 'Answer within (s)',
    serviceLevelTarget: 'Service level target',
    abandonRateMax: 'Highest abandon rate',
    penaltySl: 'Penalty per point below the service level',
    penaltyAbandon: 'Penalty per point above the abandon rate',
    callsPerDay: 'Calls per day',
    callsPerHour: 'Calls per hour',
    patienceMean: 'Mean patience (s)',
    redialProbability: 'Redial probability',
    run: 'Run',
    kind: 'Job',
    simulate: 'Simulate',
    compare: 'Compare',
    staff: 'Staffing plan',
    compareWith: 'Also compare with',
    replications: 'Replications',
    calls: 'First calls per replication (optional)',
    seed: 'Seed',
    cancel: 'Cancel',
    running: 'Running',
    queued: 'Queued',
    done: 'Done',
    failed: 'Failed',
    cancelled: 'Cancelled',
    invalid: 'The scenario has errors: see the fields',
    valid: 'The scenario is valid',
    saveAs: 'Save as a new file',
    save: 'Save',
    saved: 'Saved as {file}',
    report: 'Download the report',
    inputs: 'Inputs',
    results: 'Results',
    slByHour: 'Service level by hour (95 % confidence band)',
    waitTail: "The wait's tail (log scale)",
    abandonOccupancy: 'Abandonment and occupancy by hour',
    heatmap: 'Service level by day and hour',
    costVsSl: 'Cost against service level',
    costBreakdown: 'Cost per year, by part',
    target: 'Target',
    abandonment: 'Abandonment',
    occupancy: 'Occupancy',
    waitLonger: 'Share waiting longer than t',
    waitSec: 'Wait (s)',
    hour: 'Hour',
    day: 'Day',
    serviceLevel: 'Service level',
    costPerYear: 'Cost per year',
    staffCost: 'Staff',
    contractPrice: 'Contract price',
    penalties: 'Penalties',
    meetsTargets: 'meets its targets',
    missesTargets: 'misses its targets',
    edited: ' (edited)',
    baseline: 'baseline',
    planAgents: 'Agents scheduled by hour',
    pool: 'Pool',
    ciBand: 'confidence band',
    cheapest: 'Cheapest meeting its targets: {name}',
    none: 'none',
    seatsNote: 'Staff cost includes seats and fixed costs',
    twin: 'Twin check',
    records: 'Records store (a SQLite file in the working folder)',
    timeZone: 'Time zone',
    kpi: 'KPI',
    actual: 'Actual',
    predicted: 'Predicted',
    interval: 'Prediction interval',
    inside: 'inside',
    outside: 'OUTSIDE',
    twinPeriod: '{from} to {to}, {records} records',
  },
};
