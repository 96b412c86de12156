import cliProgress from 'cli-progress';

/**
 * The progress bar of a long simulation on stderr ("simulating [███░░] 12/40 replications"), or undefined when
 * nobody watches (not a terminal) or the output is JSON: `simulate` and `compare` share it.
 */
export function replicationProgress(show: { readonly interactive: boolean; readonly json: boolean }) {
  if (!show.interactive || show.json) return undefined;
  return new cliProgress.SingleBar(
    { stream: process.stderr, format: 'simulating [{bar}] {value}/{total} replications', hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
}
