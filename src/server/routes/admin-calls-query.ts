import { z } from 'zod';
import { HotlineError } from '../../errors.js';
import { CALL_OUTCOMES } from '../../record/call-record.js';
import type { RecordCursor, RecordPageQuery } from '../../store/call-store.js';

/** Records per page of GET /admin/calls unless `limit` says otherwise. */
export const DEFAULT_CALLS_PAGE = 100;
/** Most records one page of GET /admin/calls may hold. */
export const MAX_CALLS_PAGE = 1000;

// Every record outcome, `timed-out` included: the filter takes whatever a record can hold.
const OUTCOMES = CALL_OUTCOMES;

/** An arrival time: Unix seconds (decimals allowed) or an ISO 8601 date-time with its offset. */
const time = z.string().transform((text, ctx) => {
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  const ms = /^\d{4}-\d{2}-\d{2}T/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(ms)) {
    ctx.addIssue({
      code: 'custom',
      message: `"${text.slice(0, 40)}" is neither Unix seconds (1795000000) nor an ISO 8601 date-time (2026-11-24T08:00:00+08:00)`,
    });
    return z.NEVER;
  }
  return ms / 1000;
});

const cursorShape = z.tuple([z.number().finite(), z.string().min(1).max(100)]);

const QUERY = z
  .strictObject({
    limit: z
      .string()
      .regex(/^\d+$/, 'must be a whole number')
      .transform(Number)
      .pipe(z.number().min(1).max(MAX_CALLS_PAGE, `must be at most ${MAX_CALLS_PAGE}`))
      .optional(),
    cursor: z.string().max(400).optional(),
    from: time.optional(),
    to: time.optional(),
    outcome: z.enum(OUTCOMES).optional(),
    pool: z.enum(['in-house', 'outsourced']).optional(),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from < q.to, {
    message: 'from must be before to',
    path: ['from'],
  });

/** The opaque `nextCursor` of a page: base64url of [arrivalSec, callSid]. */
export function encodeCursor(cursor: RecordCursor): string {
  return Buffer.from(JSON.stringify([cursor.arrivalSec, cursor.callSid])).toString('base64url');
}

function decodeCursor(text: string): RecordCursor | null {
  try {
    const parsed = cursorShape.safeParse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
    return parsed.success ? { arrivalSec: parsed.data[0], callSid: parsed.data[1] } : null;
  } catch {
    return null;
  }
}

const USAGE = `query parameters: limit (1–${MAX_CALLS_PAGE}, default ${DEFAULT_CALLS_PAGE}), cursor (the previous page's nextCursor), from and to (arrivalSec range, from inclusive, to exclusive: Unix seconds or ISO 8601), outcome (${OUTCOMES.join('|')}), pool (in-house|outsourced)`;

/** Parses GET /admin/calls' query into a page query; a bad one is a HOTLINE_ADMIN_QUERY_INVALID naming the parameter. */
export function parseCallsQuery(query: unknown): RecordPageQuery {
  const parsed = QUERY.safeParse(query ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'query'}: ${issue.message}`);
    throw new HotlineError('HOTLINE_ADMIN_QUERY_INVALID', `GET /admin/calls: ${problems.join('; ')}. ${USAGE}.`);
  }
  const q = parsed.data;
  const after = q.cursor === undefined ? null : decodeCursor(q.cursor);
  if (q.cursor !== undefined && after === null) {
    throw new HotlineError(
      'HOTLINE_ADMIN_QUERY_INVALID',
      "GET /admin/calls: cursor is not one this server handed out; pass the previous page's nextCursor unchanged, or leave cursor out to start from the first record.",
    );
  }
  return {
    after,
    limit: q.limit ?? DEFAULT_CALLS_PAGE,
    ...(q.from !== undefined ? { fromSec: q.from } : {}),
    ...(q.to !== undefined ? { toSec: q.to } : {}),
    ...(q.outcome !== undefined ? { outcome: q.outcome } : {}),
    ...(q.pool !== undefined ? { pool: q.pool } : {}),
  };
}
