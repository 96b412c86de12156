/** Settings the webhook benchmarks share. */

/** The Auth Token the benchmark servers check signatures with. */
export const AUTH_TOKEN = 'bench-auth-token-0123456789abcdef';
/** The public URL requests are signed over; never contacted (all traffic goes to 127.0.0.1). */
export const PUBLIC_URL = 'https://hotline.bench.invalid';

/** A positive whole number from the environment variable `name`, or `fallback` when unset. */
export function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}
