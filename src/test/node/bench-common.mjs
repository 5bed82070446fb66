// What the benchmark scripts share: their command line, pauses, ports and waits, and the launcher they start brokers
// with (bin/kernel-broker, as the README starts them).
import net from 'node:net';
import { fileURLToPath } from 'node:url';

export const LAUNCHER = fileURLToPath(new URL('../../../bin/kernel-broker', import.meta.url));

/** The value after --name on the command line, or fallback. */
export const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A loopback port no one listens on now. */
export function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Until probe() resolves true; fails naming what it waited for after deadlineMs. */
export async function waitFor(what, deadlineMs, probe) {
  const until = Date.now() + deadlineMs;
  for (;;) {
    try {
      // An attempt that hangs (a socket that accepts before Jupyter listens) is given up after a second; the
      // timer also keeps Node's event loop alive while it waits.
      if (await Promise.race([probe(), sleep(1000).then(() => false)])) return;
    } catch { /* not yet */ }
    if (Date.now() > until) throw new Error(`timed out after ${deadlineMs} ms waiting for ${what}`);
    await sleep(5);
  }
}
