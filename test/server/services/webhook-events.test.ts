import { describe, expect, it } from 'vitest';
import {
  endsCall,
  gatherEvent,
  isQueueFailure,
  queueResultOf,
  recordEvent,
  transferEvent,
} from '../../../src/server/services/webhook-events.js';

describe('a webhook form becomes one call event', () => {
  it('Gather: keys first, else speech with its confidence when Twilio gives one, else no input', () => {
    expect(gatherEvent({ Digits: '1', SpeechResult: '查询' })).toEqual({ type: 'DIGITS', digits: '1' });
    expect(gatherEvent({ SpeechResult: '查询', Confidence: '0.82' })).toEqual({
      type: 'SPEECH',
      text: '查询',
      confidence: 0.82,
    });
    expect(gatherEvent({ SpeechResult: '查询' })).toEqual({ type: 'SPEECH', text: '查询' });
    expect(gatherEvent({ Digits: '', SpeechResult: '' })).toEqual({ type: 'NO_INPUT' });
  });

  it('Dial: answered counts as completed, an unknown status as failed', () => {
    expect(transferEvent({ DialCallStatus: 'busy' })).toEqual({ type: 'TRANSFER_ENDED', status: 'busy' });
    expect(transferEvent({ DialCallStatus: 'answered' })).toEqual({ type: 'TRANSFER_ENDED', status: 'completed' });
    expect(transferEvent({ DialCallStatus: 'ringing' })).toEqual({ type: 'TRANSFER_ENDED', status: 'failed' });
    expect(transferEvent({})).toEqual({ type: 'TRANSFER_ENDED', status: 'failed' });
  });

  it('Record: a recording needs a URL and a positive duration, else it is no input', () => {
    expect(recordEvent({ RecordingUrl: 'https://api.twilio.com/r/RE1', RecordingDuration: '12' })).toEqual({
      type: 'RECORDED',
      durationSec: 12,
      url: 'https://api.twilio.com/r/RE1',
    });
    expect(recordEvent({ RecordingUrl: 'https://api.twilio.com/r/RE1', RecordingDuration: '0' })).toEqual({
      type: 'NO_INPUT',
    });
    expect(recordEvent({ RecordingDuration: '5' })).toEqual({ type: 'NO_INPUT' });
  });

  it('status callback: only the final call statuses end the call', () => {
    for (const status of ['completed', 'busy', 'failed', 'no-answer', 'canceled'])
      expect(endsCall({ CallStatus: status })).toBe(true);
    for (const status of ['ringing', 'in-progress', 'queued', '']) expect(endsCall({ CallStatus: status })).toBe(false);
  });

  it('Enqueue action: the QueueResult values Twilio sends, and which of them are queue failures', () => {
    expect(queueResultOf({ QueueResult: 'bridged' })).toBe('bridged');
    expect(queueResultOf({ QueueResult: 'dropped' })).toBeNull();
    expect(queueResultOf({})).toBeNull();
    expect(['queue-full', 'error', 'system-error'].every((r) => isQueueFailure(r as 'error'))).toBe(true);
    expect(isQueueFailure('redirected')).toBe(false);
    expect(isQueueFailure('hangup')).toBe(false);
  });
});
