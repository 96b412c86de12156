/** The console's one way to the server: same-origin JSON under /console/api, the session cookie, and the CSRF token. */

let csrfToken = '';

/** Set from the session (login or GET /console/api/session); sent on every request that changes something. */
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** A failed request: the server's one-line message and its error code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Field errors of a schema check, by dotted path (the planner's forms show them at the field). */
    readonly fields: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') headers['x-hotline-csrf'] = csrfToken;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`/console/api${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const data = text === '' ? null : (JSON.parse(text) as unknown);
  if (!response.ok) {
    // The server's error body (every route): { error: { code, message, fields? } }.
    const e = ((data as { error?: unknown } | null)?.error ?? {}) as {
      code?: string;
      message?: string;
      fields?: Record<string, string>;
    };
    throw new ApiError(
      response.status,
      e.code ?? 'HTTP',
      e.message ?? `${method} ${path}: HTTP ${response.status}`,
      e.fields,
    );
  }
  return data as T;
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
};

/**
 * Server-sent events from /console/api`path` (the cookie goes with them); returns the way to close them. Each handler
 * gets the event's data and its number (`id:`, the last one seen for an event sent without one; null before any):
 * EventSource reconnects by itself, and a view that must not show an event twice skips numbers it has seen.
 */
export function openEvents(
  path: string,
  on: Readonly<Record<string, (data: unknown, id: number | null) => void>>,
): () => void {
  const source = new EventSource(`/console/api${path}`, { withCredentials: true });
  for (const [event, handler] of Object.entries(on)) {
    source.addEventListener(event, (e) => {
      const { data, lastEventId } = e as MessageEvent<string>;
      handler(JSON.parse(data), /^[0-9]+$/.test(lastEventId) ? Number(lastEventId) : null);
    });
  }
  return () => source.close();
}
