import type { Command } from 'commander';
import { flowsDirOption, type FlowReferenceOptions } from '../scenario/flow-reference.js';

/** The flags of `--flows DIR` and `--allow-flow-paths`, as commander parses them. */
export interface FlowFlags {
  readonly flows?: string;
  readonly allowFlowPaths?: boolean;
}

/**
 * Adds `--flows DIR` and `--allow-flow-paths` to a command that reads data
 * files (scenarios, recordings) naming flows: where their flow ids are looked
 * up, and the opt-in to let them name flow files (code) by path.
 */
export function withFlowOptions(command: Command): Command {
  return command
    .option(
      '--flows <dir>',
      'folder where flow ids named by scenarios/recordings are looked up (default: the shipped flows/)',
    )
    .option(
      '--allow-flow-paths',
      'let scenarios/recordings name a flow FILE by path (relative to the data file): it runs as code, so only for files you trust',
    );
}

/** The flow lookup the flags ask for (a missing --flows folder is a HOTLINE_FILE_ACCESS). */
export function flowReferenceOptions(flags: FlowFlags, cwd: string): FlowReferenceOptions {
  const flowsDir = flowsDirOption(flags.flows, cwd);
  return { ...(flowsDir ? { flowsDir } : {}), ...(flags.allowFlowPaths ? { allowPaths: true } : {}) };
}
