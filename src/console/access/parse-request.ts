import type { z } from 'zod';
import { HotlineError, type ErrorCode } from '../../errors.js';

/** How a console route names a bad request. */
export interface ParseRequestWhere {
  /** The error code (the view's *_INVALID code). */
  readonly code: ErrorCode;
  /** The route, e.g. `POST /console/api/agent/state`: the message starts with it. */
  readonly where: string;
  /** What to send instead, e.g. `{ state: "ready" }`: the message ends with `; send HINT.` */
  readonly hint?: string;
}

/**
 * Parses a request's body, query or params with `schema` (a missing one as `{}`), or throws `code` with one line
 * naming the route, up to three fields and what each expects (`body` for the whole value), and `fields` (every
 * field's message by dotted path) for the page's forms. The console's one "zod error → HotlineError".
 */
export function parseRequest<T>(schema: z.ZodType<T>, value: unknown, o: ParseRequestWhere): T {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues;
  const fields = Object.fromEntries(issues.map((i) => [i.path.join('.') || 'body', i.message]));
  const said = issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || 'body'}: ${i.message}`)
    .join('; ');
  throw new HotlineError(o.code, `${o.where}: ${said}${o.hint === undefined ? '' : `; send ${o.hint}`}.`, { fields });
}
