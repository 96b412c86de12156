import type { Strings } from '../../i18n.js';

type Key =
  | 'connecting'
  | 'waiting'
  | 'longestWait'
  | 'sl15Queue'
  | 'sl15Arrival'
  | 'abandonRate'
  | 'satisfaction'
  | 'callbacksOwed'
  | 'overflow'
  | 'overflowQueued'
  | 'connection24h'
  | 'connection24hOf'
  | 'arrivals'
  | 'queues'
  | 'queue'
  | 'noQueue'
  | 'agents'
  | 'group'
  | 'ready'
  | 'on-call'
  | 'wrap-up'
  | 'away'
  | 'logged-out'
  | 'contracts'
  | 'contract'
  | 'target'
  | 'goal'
  | 'today'
  | 'thisHour'
  | 'met'
  | 'missed'
  | 'notJudged'
  | 'alert'
  | 'service_level'
  | 'abandon_rate'
  | 'satisfaction_t'
  | 'aht'
  | 'connection_rate_24h'
  | 'calls'
  | 'actual'
  | 'expected'
  | 'noExpectation'
  | 'seconds'
  | 'day';

/** The wallboard's strings, Mandarin first. */
export const STRINGS: Strings<Key> = {
  zh: {
    connecting: '正在连接实时数据…',
    waiting: '排队等待',
    longestWait: '最长等待',
    sl15Queue: '15秒接通率（自进入队列）',
    sl15Arrival: '15秒接通率（自来电）',
    abandonRate: '放弃率',
    satisfaction: '满意率',
    callbacksOwed: '待回拨',
    overflow: '外包溢出接听',
    overflowQueued: '今日进入外包队列',
    connection24h: '24小时接通率（GB/T 33358）',
    connection24hOf: '{a} / {o} 通',
    arrivals: '今日来电',
    queues: '各队列',
    queue: '队列',
    noQueue: '当前无人排队',
    agents: '各组坐席状态',
    group: '组',
    ready: '空闲',
    'on-call': '通话中',
    'wrap-up': '话后处理',
    away: '离开',
    'logged-out': '未登录',
    contracts: '外包合同指标',
    contract: '合同',
    target: '指标',
    goal: '目标',
    today: '今日',
    thisHour: '本小时',
    met: '达标',
    missed: '未达标',
    notJudged: '无数据',
    alert: '告警：{contract} 本小时未达标：{targets}',
    service_level: '15秒接通率',
    abandon_rate: '放弃率',
    satisfaction_t: '满意率',
    aht: '平均处理时长',
    connection_rate_24h: '接通率',
    calls: '今日每小时来电：实际与预期',
    actual: '实际',
    expected: '预期',
    noExpectation: '未设置预期场景（--expect）',
    seconds: '{n} 秒',
    day: '日期 {day}',
  },
  en: {
    connecting: 'Connecting to the live feed…',
    waiting: 'Callers waiting',
    longestWait: 'Longest wait',
    sl15Queue: 'Answered in 15 s (from queue)',
    sl15Arrival: 'Answered in 15 s (from arrival)',
    abandonRate: 'Abandonment',
    satisfaction: 'Satisfaction',
    callbacksOwed: 'Callbacks owed',
    overflow: 'Answered by contractors',
    overflowQueued: 'Queued to contractors today',
    connection24h: '24-hour connection rate (GB/T 33358)',
    connection24hOf: '{a} of {o} calls',
    arrivals: 'Calls today',
    queues: 'Queues',
    queue: 'Queue',
    noQueue: 'Nobody is waiting',
    agents: 'Agents by state',
    group: 'Group',
    ready: 'Ready',
    'on-call': 'On a call',
    'wrap-up': 'Wrap-up',
    away: 'Away',
    'logged-out': 'Logged out',
    contracts: 'Contractors against their targets',
    contract: 'Contract',
    target: 'Target',
    goal: 'Goal',
    today: 'Today',
    thisHour: 'This hour',
    met: 'met',
    missed: 'missed',
    notJudged: 'no data',
    alert: 'Alert: {contract} is missing {targets} this hour',
    service_level: '15-second answer rate',
    abandon_rate: 'Abandonment',
    satisfaction_t: 'Satisfaction',
    aht: 'Mean handle time',
    connection_rate_24h: 'Connection rate',
    calls: "Today's calls per hour: actual and expected",
    actual: 'Actual',
    expected: 'Expected',
    noExpectation: 'No expectation scenario (--expect)',
    seconds: '{n} s',
    day: 'Day {day}',
  },
};
