import { createServer, type Server } from 'node:net';

function listen(server: Server): Promise<number> {
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done((server.address() as { port: number }).port)));
}

/**
 * Two loopback ports for bad-input tests: `busyPort`, held by a listener until
 * `release()` (a server started there finds the port in use), and
 * `closedPort`, free again (nothing answers there).
 */
export async function busyAndClosedPorts(): Promise<{
  busyPort: number;
  closedPort: number;
  release: () => Promise<void>;
}> {
  const busy = createServer();
  const busyPort = await listen(busy);
  const probe = createServer();
  const closedPort = await listen(probe);
  await new Promise((done) => probe.close(done));
  return { busyPort, closedPort, release: () => new Promise((done) => busy.close(() => done())) };
}
