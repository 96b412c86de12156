import { Worker } from 'node:worker_threads';

/**
 * Starts a worker thread on a TypeScript entry file under tsx: the worker registers tsx itself, then imports `entry`.
 * On Node 20 an inherited `--import tsx` does not apply to worker entry files, hence the bootstrap. tsx is resolved
 * here, from hotline's own location: an eval'd worker resolves bare names from the working folder, which fails when
 * hotline runs from outside its repository. The entry reads `workerData` and talks through `parentPort`.
 *
 * @example
 * const worker = startTsWorker(new URL('./replication-worker.ts', import.meta.url), { replicationJob: job });
 */
export function startTsWorker(entry: URL, workerData: unknown): Worker {
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(bootstrap, { eval: true, workerData });
}
