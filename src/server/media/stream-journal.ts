import { appendFileSync, readFileSync } from 'node:fs';
import { z } from 'zod';

/** Why a stream's audio stops before its call did (see `audio.truncated` in hotline-recording/1). */
export type AudioCut = 'server-shutdown' | 'server-stopped' | 'connection-lost' | 'size-cap' | 'bad-message';

const startLine = z.object({
  start: z.object({
    callSid: z.string().regex(/^CA[0-9A-Za-z]{1,64}$/),
    file: z.string().regex(/^[A-Za-z0-9_-]{1,200}\.wav$/),
    startedMs: z.number().finite(),
  }),
});
const dtmfLine = z.object({ dtmf: z.object({ digit: z.string().regex(/^[0-9*#A-D]$/), atSec: z.number().min(0) }) });
const stoppedLine = z.object({
  stopped: z.object({
    durationSec: z.number().min(0),
    truncated: z.enum(['server-shutdown', 'server-stopped', 'connection-lost', 'size-cap', 'bad-message']).nullable(),
  }),
});

/** One line of a stream journal. */
export type JournalLine = z.infer<typeof startLine> | z.infer<typeof dtmfLine> | z.infer<typeof stoppedLine>;

/** What a journal says about its stream. */
export interface JournalState {
  readonly callSid: string;
  readonly file: string;
  readonly startedMs: number;
  readonly dtmf: { digit: string; atSec: number }[];
  /** Null when the stream never ended: the process was stopped while it ran. */
  readonly stopped: z.infer<typeof stoppedLine>['stopped'] | null;
}

/**
 * A stream's journal (`CALLSID.stream` beside the recordings, JSON lines):
 * the stream's start, its out-of-band keys and its end, appended as they
 * happen. It lives from the stream's start until the call's final metadata
 * is written, so after a crash or restart the server knows which recordings
 * are unfinished, how to repair their WAV and which call ends them.
 */
export function appendJournal(path: string, line: JournalLine): void {
  appendFileSync(path, `${JSON.stringify(line)}\n`);
}

/** Reads a journal; a line torn by a crash is skipped. Null when its start line is unreadable. */
export function readJournal(path: string): JournalState | null {
  const lines = readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => {
      try {
        return JSON.parse(l) as unknown;
      } catch {
        return null;
      }
    });
  const start = startLine.safeParse(lines[0]);
  if (!start.success) return null;
  const dtmf = lines.flatMap((l) => {
    const d = dtmfLine.safeParse(l);
    return d.success ? [d.data.dtmf] : [];
  });
  const stopped = lines.map((l) => stoppedLine.safeParse(l)).find((s) => s.success)?.data?.stopped ?? null;
  return { ...start.data.start, dtmf, stopped };
}
