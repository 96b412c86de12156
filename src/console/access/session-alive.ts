import type { FastifyRequest } from 'fastify';
import { type ConsoleSessions, SESSION_COOKIE } from './console-session.js';

/**
 * The `alive()` check of a long-lived stream opened by `request`: true while the request's console session lives
 * (not signed out, not idle past the limit, its agent not removed), without touching it. Every console event stream
 * (wallboard, agent, softphone, planner) ends when it turns false.
 */
export function sessionAlive(sessions: ConsoleSessions, request: FastifyRequest): () => boolean {
  const cookie = request.cookies[SESSION_COOKIE];
  return () => {
    sessions.revalidate(cookie);
    return sessions.alive(cookie);
  };
}
