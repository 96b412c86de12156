import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { cliFailure, EXIT } from '../../src/cli/cli-error.js';
import { printable } from '../../src/cli/printable.js';
import { HotlineError } from '../../src/errors.js';

const systemError = (code: string, fields: Record<string, unknown>) =>
  Object.assign(new Error(`${code} happened`), { code, ...fields });

describe('cliFailure: every error as one coded line', () => {
  it('gives a HotlineError its own code and exit 2, on one line', () => {
    const f = cliFailure(
      new HotlineError('HOTLINE_SCENARIO_INVALID', 'a.yaml:1:1: x: bad\na.yaml:2:1: y: bad'),
      [],
      {},
    );
    expect(f).toEqual({
      exitCode: EXIT.badInput,
      line: 'hotline: HOTLINE_SCENARIO_INVALID: a.yaml:1:1: x: bad | a.yaml:2:1: y: bad',
    });
  });

  it('maps commander usage errors to HOTLINE_USAGE naming the command, and help to exit 0 without a line', () => {
    const usage = cliFailure(
      new CommanderError(1, 'commander.unknownOption', "error: unknown option '--x'"),
      ['simulate', 'a', '--x'],
      {},
    );
    expect(usage).toEqual({
      exitCode: 2,
      line: "hotline: HOTLINE_USAGE: unknown option '--x'; run hotline simulate --help for its arguments and options.",
    });
    expect(cliFailure(new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)'), ['--help'], {})).toEqual({
      exitCode: 0,
    });
  });

  it('names the port, the address or the path of a system error, with the fix', () => {
    expect(
      cliFailure(systemError('EADDRINUSE', { syscall: 'listen', address: '127.0.0.1', port: 3000 }), [], {}).line,
    ).toMatch(/^hotline: HOTLINE_PORT_IN_USE: port 3000 on 127\.0\.0\.1 is already in use.*--port/);
    const refused = new TypeError('fetch failed', {
      cause: systemError('ECONNREFUSED', { address: '127.0.0.1', port: 9 }),
    });
    expect(cliFailure(refused, [], {}).line).toMatch(
      /^hotline: HOTLINE_SERVER_UNREACHABLE: no server answers at 127\.0\.0\.1:9 \(ECONNREFUSED\)/,
    );
    expect(cliFailure(systemError('EACCES', { syscall: 'open', path: '/root/x' }), [], {}).line).toMatch(
      /^hotline: HOTLINE_FILE_ACCESS: cannot open \/root\/x \(EACCES\): permission denied/,
    );
    expect(cliFailure(systemError('EACCES', { syscall: 'listen', address: '0.0.0.0', port: 80 }), [], {}).line).toMatch(
      /^hotline: HOTLINE_LISTEN_FAILED: .*0\.0\.0\.0:80.*--port 1024/,
    );
  });

  it('reports anything else as HOTLINE_INTERNAL, exit 70, with the stack only under HOTLINE_DEBUG=1', () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'x')");
    const quiet = cliFailure(bug, [], {});
    expect(quiet.exitCode).toBe(EXIT.internal);
    expect(quiet.line).toMatch(
      /^hotline: HOTLINE_INTERNAL: TypeError: Cannot read properties of undefined \(reading 'x'\) \(a bug in hotline; rerun with HOTLINE_DEBUG=1/,
    );
    expect(quiet.line).not.toContain('\n');
    const loud = cliFailure(bug, [], { HOTLINE_DEBUG: '1' });
    expect(loud.line!.split('\n')[0]).toBe(quiet.line);
    expect(loud.line).toMatch(/\n\s+at /);
  });
});

describe('printable', () => {
  it('escapes control and direction characters, keeps Chinese and, with keepLayout, newlines and tabs', () => {
    expect(printable('市民热线\u001b[31m\u0007\r\u009b\u202e')).toBe('市民热线\\u001b[31m\\u0007\\u000d\\u009b\\u202e');
    expect(printable('a\tb\nc', true)).toBe('a\tb\nc');
    expect(printable('a\tb\nc')).toBe('a\\u0009b\\u000ac');
  });
});
