import type { Strings } from '../../i18n.js';

type Key =
  | 'title'
  | 'flow'
  | 'liveFlow'
  | 'target'
  | 'targetHint'
  | 'from'
  | 'language'
  | 'readsPrompts'
  | 'call'
  | 'hangUp'
  | 'keypad'
  | 'send'
  | 'clear'
  | 'noInput'
  | 'say'
  | 'sayPlaceholder'
  | 'captions'
  | 'waitingCall'
  | 'waitingQueue'
  | 'waitingRecord'
  | 'notWaiting'
  | 'queue'
  | 'queued'
  | 'position'
  | 'webhooks'
  | 'params'
  | 'twiml'
  | 'ended'
  | 'save'
  | 'recordingName'
  | 'saved'
  | 'download'
  | 'ttsOn'
  | 'ttsOff'
  | 'limits'
  | 'errors'
  | 'tones'
  | 'audio'
  | 'silence';

/** The softphone's strings, Mandarin first. */
export const SOFTPHONE_STRINGS: Strings<Key> = {
  zh: {
    title: '软电话',
    flow: '流程',
    liveFlow: '本线路的流程',
    target: '呼叫目标',
    targetHint: '"this" 为本服务器，或本机另一服务器 http://127.0.0.1:端口',
    from: '主叫号码',
    language: '语言',
    readsPrompts: '只看字幕（提示音不占时间）',
    call: '拨打',
    hangUp: '挂机',
    keypad: '拨号键盘',
    send: '发送按键',
    clear: '清除',
    noInput: '不输入',
    say: '说话',
    sayPlaceholder: '来电者说的话',
    captions: '字幕',
    waitingCall: '等待您的按键或说话',
    waitingQueue: '排队中：可按键（如回拨）',
    waitingRecord: '留言中：输入留言文字，或按键结束',
    notWaiting: '请收听…',
    queue: '排队',
    queued: '已进入队列 {queue}',
    position: '第 {position} 位，已等待 {wait} 秒（队列共 {size} 人）',
    webhooks: 'Webhook 请求',
    params: '参数',
    twiml: '返回的 TwiML',
    ended: '通话结束（{endedBy}，{status}，计费 {sec} 秒）',
    save: '保存为录音',
    recordingName: '录音名称（可空，自动生成）',
    saved: '已保存：{name}',
    download: '下载',
    ttsOn: '提示音由服务器的 espeak-ng 合成',
    ttsOff: '服务器未安装语音合成引擎（espeak-ng），仅显示字幕',
    limits: '同时最多 {calls} 通，每通最长 {min} 分钟；离开页面的通话会被挂断',
    errors: '错误',
    tones: '按键音',
    audio: '音频',
    silence: '静音',
  },
  en: {
    title: 'Softphone',
    flow: 'Flow',
    liveFlow: "this line's flow",
    target: 'Target',
    targetHint: '"this" for this server, or another server on this machine: http://127.0.0.1:PORT',
    from: 'Caller number',
    language: 'Language',
    readsPrompts: 'Captions only (prompts take no time)',
    call: 'Call',
    hangUp: 'Hang up',
    keypad: 'Keypad',
    send: 'Send keys',
    clear: 'Clear',
    noInput: 'No input',
    say: 'Say',
    sayPlaceholder: 'What the caller says',
    captions: 'Captions',
    waitingCall: 'Waiting for your keys or words',
    waitingQueue: 'On hold: keys are heard (e.g. a callback)',
    waitingRecord: 'Recording: type the message, or press a key to end',
    notWaiting: 'Listening…',
    queue: 'Queue',
    queued: 'Joined queue {queue}',
    position: 'Position {position}, waited {wait} s ({size} in the queue)',
    webhooks: 'Webhooks',
    params: 'Parameters',
    twiml: 'TwiML answered',
    ended: 'Call ended ({endedBy}, {status}, {sec} s billed)',
    save: 'Save as recording',
    recordingName: 'Recording name (optional, generated if empty)',
    saved: 'Saved: {name}',
    download: 'Download',
    ttsOn: "Prompts are spoken by the server's espeak-ng",
    ttsOff: 'No text-to-speech engine (espeak-ng) on the server: captions only',
    limits: 'At most {calls} calls at once, {min} minutes each; a call left by its page is hung up',
    errors: 'Errors',
    tones: 'tones',
    audio: 'audio',
    silence: 'silence',
  },
};
