#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so flows written in TypeScript load as they are.
import { register } from 'tsx/esm/api';

register();
const { main, fatalFailure } = await import('../src/cli/main.ts');
// Whatever escapes main (a rejection or exception from a timer or socket) is one coded line, never a stack trace.
const die = (error) => {
  if (error?.code === 'EPIPE') process.exit(0); // the reader of our output went away (hotline … | head)
  const failure = fatalFailure(error, process.env);
  process.stderr.write(`${failure.line ?? 'hotline: HOTLINE_INTERNAL: unknown failure'}\n`);
  process.exit(failure.exitCode || 70);
};
process.on('unhandledRejection', die);
process.on('uncaughtException', die);
process.exitCode = await main(process.argv.slice(2));
