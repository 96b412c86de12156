import type { PublicSession } from '../src/console/access/session-wire.js';
import { api, setCsrfToken } from './api.js';

/** Who is signed in: a supervisor or planner (the admin token) or one agent (agent number and PIN). */
export type Session = PublicSession;

/** The session the cookie carries, or null when there is none (the login form is shown). */
export async function currentSession(): Promise<Session | null> {
  const { session } = await api.get<{ session: Session | null }>('/session');
  if (session) setCsrfToken(session.csrf);
  return session;
}

export async function signIn(
  credentials:
    | { readonly kind: 'supervisor'; readonly token: string }
    | { readonly kind: 'agent'; readonly agentId: string; readonly pin: string },
): Promise<Session> {
  const { session } = await api.post<{ session: Session }>('/session', credentials);
  setCsrfToken(session.csrf);
  return session;
}

export async function signOut(): Promise<void> {
  await api.delete('/session');
  setCsrfToken('');
}
