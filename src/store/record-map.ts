import { readFileSync } from 'node:fs';
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { HotlineError } from '../errors.js';
import { CALL_OUTCOMES } from '../record/call-record.js';
import { readYamlInput, schemaIssuesText } from '../schema-path.js';

const column = z.string().trim().min(1, 'expected a column name');
const text = z.string().min(1, 'expected a non-empty text');

/** Most YAML aliases resolved in a map (an alias bomb fails instead of exhausting memory). */

/**
 * A record map (YAML): how another system's CSV export becomes call records. See README, "Records from other
 * systems", for every field. `columns` names the column of each field; `time` how its times are written.
 */
export const recordMapSchema = z
  .strictObject({
    columns: z.strictObject({
      /** Their call id; absent: `<file name>:<line>` (deterministic, so importing the file again skips its rows). */
      callSid: column.optional(),
      /** The caller's number: hashed at import with the hotline's caller-hash key, never stored. */
      callerNumber: column.optional(),
      arrivalSec: column,
      ivrExitSec: column.optional(),
      queueEntrySec: column.optional(),
      answerSec: column.optional(),
      abandonSec: column.optional(),
      endSec: column.optional(),
      talkSec: column.optional(),
      /** After-call work (wrap-up), seconds: handleSec = talk + this when no handleSec column is given. */
      wrapUpSec: column.optional(),
      handleSec: column.optional(),
      callType: column.optional(),
      attempt: column.optional(),
      skill: column.optional(),
      pool: column.optional(),
      agentGroup: column.optional(),
      agentId: column.optional(),
      outcome: column.optional(),
      rating: column.optional(),
      /** Whether the request was resolved at this contact: true/false, 1/0, yes/no, 是/否 (empty: not recorded). */
      resolved: column.optional(),
      language: column.optional(),
      flowId: column.optional(),
      direction: column.optional(),
      transferTo: column.optional(),
    }),
    time: z.strictObject({
      /** `iso`, `epoch-seconds`, `epoch-ms`, or a luxon format string such as `yyyy-MM-dd HH:mm:ss`. */
      format: text,
      /** IANA zone of times written without an offset, e.g. Asia/Shanghai. */
      zone: z.string().refine((zone) => IANAZone.isValidZone(zone), 'expected an IANA time zone such as Asia/Shanghai'),
    }),
    /** Prepended to caller numbers not starting with '+' before hashing (e.g. '+86'), so they hash as live ones. */
    callerPrefix: z
      .string()
      .regex(/^\+\d{1,4}$/, "expected a country prefix such as '+86'")
      .optional(),
    outcome: z
      .strictObject({
        /** Their disposition column: with `values`, their codes mapped to outcomes (an unlisted code is a bad row). */
        values: z.record(z.string(), z.enum(CALL_OUTCOMES)).optional(),
        /** Without an outcome column: the outcome of a call neither answered nor queued (default ivr-hangup). */
        otherwise: z.enum(CALL_OUTCOMES).default('ivr-hangup'),
      })
      .default({ otherwise: 'ivr-hangup' }),
    /** The pool of each agent group (their AgentGroup values): with it, a group not listed is a bad row. */
    groupPools: z.record(z.string(), z.enum(['in-house', 'outsourced'])).optional(),
    /** Values for fields the export lacks. */
    constants: z
      .strictObject({
        flowId: text.optional(),
        language: text.optional(),
        direction: z.enum(['inbound', 'callback']).optional(),
        pool: z.enum(['in-house', 'outsourced']).optional(),
        skill: text.optional(),
        agentGroup: text.optional(),
        callType: text.optional(),
        lastState: text.optional(),
      })
      .default({}),
  })
  .superRefine((map, ctx) => {
    for (const field of ['flowId', 'language'] as const) {
      if (map.columns[field] === undefined && map.constants[field] === undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['constants'],
          message: `${field} needs a column (columns.${field}) or a constant (constants.${field})`,
        });
    }
    if ((map.columns.outcome === undefined) !== (map.outcome.values === undefined))
      ctx.addIssue({
        code: 'custom',
        path: ['outcome'],
        message: 'columns.outcome and outcome.values go together: their codes need a table of our outcomes',
      });
  });

/** A validated record map. */
export type RecordMap = z.infer<typeof recordMapSchema>;

const invalid = (message: string) => new HotlineError('HOTLINE_RECORD_MAP_INVALID', message);

/**
 * Parses and validates a record map (YAML text); every problem comes with file:line:col, the field path and what
 * is expected, e.g. `maps/acd.yaml:7:9: time.zone: expected an IANA time zone such as Asia/Shanghai`.
 */
export function parseRecordMap(source: string, file: string): RecordMap {
  const input = readYamlInput(source, file, 'HOTLINE_RECORD_MAP_INVALID');
  const parsed = recordMapSchema.safeParse(input.data);
  if (parsed.success) return parsed.data;
  throw invalid(schemaIssuesText(input, file, parsed.error.issues));
}

/** Reads and validates a record map file (see parseRecordMap); `name` is how messages name it (default: `path`). */
export function loadRecordMap(path: string, name = path): RecordMap {
  return parseRecordMap(readFileSync(path, 'utf8'), name);
}
