import type { Strings } from '../../i18n.js';

/** The flow view's strings, Mandarin first. */
export const FLOWS_STRINGS: Strings<
  | 'title'
  | 'pick'
  | 'live'
  | 'covered'
  | 'uncovered'
  | 'unreachable'
  | 'calls'
  | 'coverage'
  | 'criterion'
  | 'today'
  | 'edges'
  | 'uncoveredTitle'
  | 'allCovered'
  | 'what'
  | 'state'
  | 'transition'
  | 'trafficNote'
  | 'computing'
> = {
  zh: {
    title: '流程视图',
    pick: '流程',
    live: '（线上）',
    covered: '已覆盖',
    uncovered: '未覆盖',
    unreachable: '不可达',
    calls: '今日 {n} 通',
    coverage: 'hotline test 覆盖：状态 {sc}/{st}，转移 {tc}/{tt}（{paths} 条路径）',
    criterion: '选路方式：{c}',
    today: '{day} 今日通话：已结束 {finished}，进行中 {live}',
    edges: '实线：转移已覆盖；虚线：未覆盖。节点上的数字：今日经过该状态的通话数。',
    uncoveredTitle: '未覆盖的状态和转移',
    allCovered: 'hotline test 覆盖了全部状态和转移。',
    what: '类型',
    state: '状态',
    transition: '转移',
    trafficNote: '"经过"按通话记录的最后状态计：该状态本身，以及到达它必经的各状态。',
    computing: '正在计算覆盖……',
  },
  en: {
    title: 'Flow view',
    pick: 'Flow',
    live: '(live)',
    covered: 'covered',
    uncovered: 'not covered',
    unreachable: 'unreachable',
    calls: '{n} today',
    coverage: 'hotline test covers: states {sc}/{st}, transitions {tc}/{tt} ({paths} paths)',
    criterion: 'Paths chosen: {c}',
    today: '{day}: calls finished {finished}, in progress {live}',
    edges: 'Solid: transition covered; dashed: not covered. Number on a state: calls through it today.',
    uncoveredTitle: 'States and transitions not covered',
    allCovered: 'hotline test covers every state and transition.',
    what: 'What',
    state: 'state',
    transition: 'transition',
    trafficNote: '"Through" is counted from each call\'s last state: that state, and every state on all ways to it.',
    computing: 'Computing coverage…',
  },
};

/** Step kinds as the graph labels them. */
export const KIND_STRINGS: Strings<
  'announce' | 'gather' | 'enqueue' | 'agent' | 'transfer' | 'record' | 'lookup' | 'hangup' | 'final' | 'none'
> = {
  zh: {
    announce: '播报',
    gather: '按键/语音',
    enqueue: '排队',
    agent: '坐席',
    transfer: '转接',
    record: '留言',
    lookup: '查询',
    hangup: '挂机',
    final: '结束',
    none: '—',
  },
  en: {
    announce: 'announce',
    gather: 'menu/gather',
    enqueue: 'queue',
    agent: 'agent',
    transfer: 'transfer',
    record: 'voicemail',
    lookup: 'lookup',
    hangup: 'hang-up',
    final: 'end',
    none: '—',
  },
};
