import { buildConsole } from '../scripts/build-console.js';

/** Before the suite: the console's bundle, built from web/ when it changed (the browser tests serve it). */
export default async function setup(): Promise<void> {
  await buildConsole(undefined, true);
}
