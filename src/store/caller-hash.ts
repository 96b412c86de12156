import { createHmac, randomBytes } from 'node:crypto';

/**
 * Salted hash of a caller's number: HMAC-SHA256 keyed by a per-deployment salt,
 * hex, first 32 characters. The same number gives the same hash within one
 * deployment (so repeat callers can be counted) and cannot be reversed without the salt.
 */
export function hashCaller(number: string, salt: string): string {
  return createHmac('sha256', salt).update(number.trim()).digest('hex').slice(0, 32);
}

/** A fresh random salt (32 bytes, hex). */
export function newSalt(): string {
  return randomBytes(32).toString('hex');
}
