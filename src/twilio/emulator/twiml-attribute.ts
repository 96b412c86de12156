import type { WebhookMethod } from './http-exchange.js';

/**
 * Reads a TwiML `method` attribute: GET or POST in any case, else `fallback`.
 *
 * @example twimlMethod('get') // 'GET'
 */
export function twimlMethod(value: string | undefined, fallback: WebhookMethod = 'POST'): WebhookMethod {
  return value?.toUpperCase() === 'GET' ? 'GET' : value?.toUpperCase() === 'POST' ? 'POST' : fallback;
}

/**
 * Reads a TwiML attribute in seconds (`timeout`, `length`, `maxLength`…): a finite number >= 0, else `fallback`.
 *
 * @example twimlSeconds('2.5', 5) // 2.5; twimlSeconds('soon', 5) // 5
 */
export function twimlSeconds(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value !== undefined && value !== '' && Number.isFinite(n) && n >= 0 ? n : fallback;
}
