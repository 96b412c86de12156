import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { HotlineError } from '../../../src/errors.js';
import { parseRequest } from '../../../src/console/access/parse-request.js';

const Body = z.object({ state: z.enum(['ready', 'away']), n: z.number().int() }).strict();

function failure(f: () => unknown): HotlineError {
  try {
    f();
  } catch (error) {
    if (error instanceof HotlineError) return error;
  }
  throw new Error('no HotlineError');
}

describe('parseRequest', () => {
  it('answers the parsed value, a missing value read as {}', () => {
    expect(parseRequest(Body, { state: 'ready', n: 1 }, { code: 'HOTLINE_AGENT_STATE_INVALID', where: 'X' })).toEqual({
      state: 'ready',
      n: 1,
    });
    expect(
      parseRequest(z.object({ a: z.string().default('x') }), undefined, {
        code: 'HOTLINE_AGENT_STATE_INVALID',
        where: 'X',
      }),
    ).toEqual({ a: 'x' });
  });

  it('throws the given code: one line with the route, the fields and the hint, and every field by path', () => {
    const error = failure(() =>
      parseRequest(
        Body,
        { state: 'busy' },
        {
          code: 'HOTLINE_AGENT_STATE_INVALID',
          where: 'POST /console/api/agent/state',
          hint: '{ state: "ready" }',
        },
      ),
    );
    expect(error.code).toBe('HOTLINE_AGENT_STATE_INVALID');
    expect(error.message).toMatch(/^POST \/console\/api\/agent\/state: state: .+; n: .+; send \{ state: "ready" \}\.$/);
    expect(error.message).not.toContain('\n');
    expect(Object.keys(error.fields ?? {})).toEqual(['state', 'n']);
    const whole = failure(() => parseRequest(Body, 'text', { code: 'HOTLINE_PLANNER_REQUEST_INVALID', where: 'W' }));
    expect(whole.message).toMatch(/^W: body: .+\.$/);
    expect(whole.fields).toHaveProperty('body');
  });
});
