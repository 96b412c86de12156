/**
 * The console session as the page sees it (GET and POST /console/api/session answer `{ session }`), declared once:
 * the server builds it (console-session.ts) and the page reads it (web/session.ts, `import type`). Types only,
 * importing nothing.
 */

/** A signed-in console user: a supervisor or planner (the admin token), or one agent (agent number and PIN). */
export type ConsoleRole = 'supervisor' | 'agent';

/** Who is signed in, and the token every request that changes something sends back in `x-hotline-csrf`. */
export type PublicSession =
  | { readonly role: 'supervisor'; readonly csrf: string }
  | { readonly role: 'agent'; readonly agentId: string; readonly csrf: string };
