import type { Lang, Strings } from '../../i18n.js';

/** The agent desktop's strings (Mandarin first). */
export const AGENT_STRINGS: Strings<
  | 'title'
  | 'state'
  | 'ready'
  | 'away'
  | 'endCall'
  | 'localLine'
  | 'group'
  | 'skills'
  | 'caller'
  | 'noCall'
  | 'language'
  | 'ivrPath'
  | 'wait'
  | 'calledBefore'
  | 'callback'
  | 'firstCall'
  | 'calledTimes'
  | 'withheld'
  | 'callbackLeg'
  | 'callbackDue'
  | 'callbackRequested'
  | 'none'
  | 'wrapUp'
  | 'callType'
  | 'choose'
  | 'resolved'
  | 'yes'
  | 'no'
  | 'next'
  | 'save'
  | 'today'
  | 'noCalls'
  | 'arrival'
  | 'talk'
  | 'since'
  | 'pressed'
> = {
  zh: {
    title: '坐席工作台',
    state: '状态',
    ready: '就绪',
    away: '小休',
    endCall: '挂断当前通话',
    localLine: '本机模式：坐席电话由控制台的本地线路模拟',
    group: '班组',
    skills: '技能',
    caller: '来电信息',
    noCall: '当前没有接通的来电',
    language: '语言',
    ivrPath: '语音导航路径',
    wait: '排队等待',
    calledBefore: '近期来电',
    callback: '回拨',
    firstCall: '{days} 天内首次来电',
    calledTimes: '{days} 天内来电 {n} 次',
    withheld: '未显示号码',
    callbackLeg: '本次为热线回拨',
    callbackDue: '已预约回拨，{time} 到期',
    callbackRequested: '本次来电预约了回拨',
    none: '无',
    wrapUp: '话后整理',
    callType: '诉求类型',
    choose: '请选择…',
    resolved: '是否已解决',
    yes: '是',
    no: '否',
    next: '提交并接听下一个来电',
    save: '提交',
    today: '今日我的来电',
    noCalls: '今天还没有接听来电',
    arrival: '来电时间',
    talk: '通话',
    since: '自 {time} 起',
    pressed: '按键 {key}',
  },
  en: {
    title: 'Agent desktop',
    state: 'State',
    ready: 'Ready',
    away: 'Away',
    endCall: 'End the call',
    localLine: "Local mode: the agent's phone is emulated by the console's local line",
    group: 'Group',
    skills: 'Skills',
    caller: 'Caller',
    noCall: 'No caller is bridged to you',
    language: 'Language',
    ivrPath: 'IVR path',
    wait: 'Waited',
    calledBefore: 'Called before',
    callback: 'Callback',
    firstCall: 'First call in {days} days',
    calledTimes: 'Called {n} times in the last {days} days',
    withheld: 'Number withheld',
    callbackLeg: 'This is a callback the hotline placed',
    callbackDue: 'Callback booked, due {time}',
    callbackRequested: 'A callback was booked on this call',
    none: 'None',
    wrapUp: 'Wrap-up',
    callType: 'Request type',
    choose: 'Choose…',
    resolved: 'Resolved',
    yes: 'Yes',
    no: 'No',
    next: 'Save and take the next call',
    save: 'Save',
    today: 'My calls today',
    noCalls: 'No calls taken today yet',
    arrival: 'Arrived',
    talk: 'Talk',
    since: 'since {time}',
    pressed: 'pressed {key}',
  },
};

const STATES: Readonly<Record<Lang, Readonly<Record<string, string>>>> = {
  zh: { 'logged-out': '未登录', ready: '就绪', 'on-call': '通话中', 'wrap-up': '话后整理', away: '小休' },
  en: { 'logged-out': 'Logged out', ready: 'Ready', 'on-call': 'On a call', 'wrap-up': 'Wrap-up', away: 'Away' },
};

const CALL_TYPES: Readonly<Record<Lang, Readonly<Record<string, string>>>> = {
  zh: {
    consult: '咨询',
    help: '求助',
    complaint: '投诉',
    report: '举报',
    suggestion: '建议',
    thanks: '表扬感谢',
    invalid: '无效来电',
    emergency: '紧急转接',
  },
  en: {
    consult: 'Enquiry',
    help: 'Request for help',
    complaint: 'Complaint',
    report: 'Report',
    suggestion: 'Suggestion',
    thanks: 'Thanks',
    invalid: 'Invalid call',
    emergency: 'Emergency',
  },
};

const LANGUAGES: Readonly<Record<Lang, Readonly<Record<string, string>>>> = {
  zh: { 'cmn-CN': '普通话', 'en-US': '英语' },
  en: { 'cmn-CN': 'Mandarin', 'en-US': 'English' },
};

/** An agent state's name. */
export function stateName(lang: Lang, state: string): string {
  return STATES[lang][state] ?? state;
}

/** A request type's name (a line's own types show as they are). */
export function callTypeName(lang: Lang, type: string): string {
  return CALL_TYPES[lang][type] ?? type;
}

/** A call language's name. */
export function languageName(lang: Lang, language: string): string {
  return LANGUAGES[lang][language] ?? language;
}

/** Seconds as minutes and seconds ("1 分 05 秒", "1 min 05 s"). */
export function duration(lang: Lang, sec: number | null): string {
  if (sec === null) return '–';
  const whole = Math.round(sec);
  const m = Math.floor(whole / 60);
  const s = String(whole % 60).padStart(m > 0 ? 2 : 1, '0');
  if (lang === 'zh') return m > 0 ? `${m} 分 ${s} 秒` : `${s} 秒`;
  return m > 0 ? `${m} min ${s} s` : `${s} s`;
}

/** An epoch time as the local clock time. */
export function clockTime(lang: Lang, sec: number): string {
  return new Date(sec * 1000).toLocaleTimeString(lang === 'zh' ? 'zh-CN' : 'en-GB', { hour12: false });
}
