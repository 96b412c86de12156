import type { Text } from '../../src/flow/text.js';

/**
 * Prompts of the 12345 hotline, from the reference IVR profiles (P0 "国标直通"
 * and P1 "legacy menu"). `××市` stands for the city's name.
 */
export const T = {
  greeting: {
    'cmn-CN': '您好，欢迎致电××市12345政务服务便民热线。为提高服务质量，您的通话可能被录音。',
    'en-US': 'Welcome to the 12345 Government Service Hotline. Your call may be recorded to improve service.',
  },
  emergency: {
    'cmn-CN': '如遇火灾、治安案件、医疗急救或交通事故等紧急情况，请直接拨打119、110、120或122。',
    'en-US': 'For fire, police, medical or traffic emergencies, please dial 119, 110, 120 or 122.',
  },
  englishKey: {
    'cmn-CN': 'For English service, please press 9.',
    'en-US': 'For English service, please press 9.',
  },
  menu: {
    'cmn-CN':
      '个人咨询、求助、投诉、举报、建议请按1；企业服务请按2；社保、医保、公积金咨询请按3；消费维权请按4；查询工单办理进度请按5；方言服务请按8；For English service, press 9；人工服务请按0；重听请按星号键。',
    'en-US':
      'For personal enquiries, help, complaints, reports or suggestions, press 1. Business services, press 2. Social insurance, medical insurance or housing fund, press 3. Consumer rights, press 4. To check the status of a case, press 5. Dialect service, press 8. English service, press 9. To speak to an agent, press 0. To hear these options again, press star.',
  },
  invalidInput: {
    'cmn-CN': '对不起，您的输入有误，请重新选择。',
    'en-US': 'Sorry, that is not a valid choice. Please try again.',
  },
  noInput: {
    'cmn-CN': '对不起，没有收到您的选择。',
    'en-US': 'Sorry, we did not receive your choice.',
  },
  toAgent: {
    'cmn-CN': '正在为您转接人工服务，请稍候。',
    'en-US': 'Transferring you to an agent. Please hold.',
  },
  enterCase: {
    'cmn-CN': '请输入您的工单编号，以井号键结束。',
    'en-US': 'Please enter your case number, followed by the hash key.',
  },
  caseInvalid: {
    'cmn-CN': '工单编号应为6到20位数字，请重新输入。',
    'en-US': 'A case number has 6 to 20 digits. Please enter it again.',
  },
  caseNotFound: {
    'cmn-CN': '对不起，没有查到该工单，请核对后重新输入。',
    'en-US': 'Sorry, we could not find that case. Please check the number and enter it again.',
  },
  caseReport: {
    'cmn-CN': '工单{caseNumber}的办理进度：{caseStatus}。返回主菜单请按星号键，人工服务请按0，结束查询请挂机。',
    'en-US':
      'Case {caseNumber}: {caseStatus}. To return to the main menu, press star. To speak to an agent, press 0. Otherwise you may hang up.',
  },
  busy: {
    'cmn-CN': '您好，当前话务繁忙，请稍候，我们将尽快为您接通。',
    'en-US': 'All agents are busy; please hold. We will answer as soon as possible.',
  },
  position: {
    'cmn-CN': '{waitSentence}',
    'en-US': '{waitSentence}',
  },
  callbackOffer: {
    'cmn-CN': '如需我们稍后回电，请按1。',
    'en-US': 'To receive a call back, press 1.',
  },
  callbackBooked: {
    'cmn-CN': '已为您登记回电，我们将尽快回拨本机号码。感谢您的来电，再见。',
    'en-US':
      'Your call-back is booked; we will call this number back as soon as possible. Thank you for calling. Goodbye.',
  },
  callbackIntro: {
    'cmn-CN': '您好，这里是××市12345热线，您之前申请了回电，现在为您接通受理员，请稍候。',
    'en-US': 'Hello, this is the 12345 hotline returning your call. Connecting you to an agent; please hold.',
  },
  agentGreeting: {
    'cmn-CN': '您好，{agentId}号受理员为您服务。',
    'en-US': 'Hello, agent number {agentId} speaking.',
  },
  rating: {
    'cmn-CN': '请对本次服务进行评价：非常满意请按1，满意请按2，基本满意请按3，不满意请按4，非常不满意请按5。',
    'en-US':
      'Please rate this service: 1 very satisfied, 2 satisfied, 3 fairly satisfied, 4 dissatisfied, 5 very dissatisfied.',
  },
  ratingInvalid: {
    'cmn-CN': '请按1到5之间的数字键进行评价。',
    'en-US': 'Please press a key from 1 to 5.',
  },
  ratingThanks: {
    'cmn-CN': '感谢您的评价，再见。',
    'en-US': 'Thank you for your rating. Goodbye.',
  },
  goodbye: {
    'cmn-CN': '感谢您的来电，再见。',
    'en-US': 'Thank you for calling. Goodbye.',
  },
  queueUnavailable: {
    'cmn-CN': '对不起，当前排队人数已满。请在提示音后留下您的姓名、联系电话和诉求，按井号键结束，我们将尽快回电。',
    'en-US':
      'Sorry, the queue is full. After the tone, please leave your name, phone number and request, then press hash. We will call you back.',
  },
  messageTaken: {
    'cmn-CN': '您的留言已记录，我们将尽快回电。再见。',
    'en-US': 'Your message has been recorded. We will call you back. Goodbye.',
  },
  transferEnded: {
    'cmn-CN': '转接已结束，感谢您的来电，再见。',
    'en-US': 'The transfer has ended. Thank you for calling. Goodbye.',
  },
} as const satisfies Record<string, Text>;
