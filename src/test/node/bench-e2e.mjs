// What a user feels, side by side in one run (issue 9). Reported, never asserted. Run after `mvn package`:
//   [BENCH_JVM='-XX:...'] node src/test/node/bench-e2e.mjs \
//       [--jar target/kernel-broker.jar] [--n 500] [--starts 5] [--parts calls,start]
//       [--transports http,sse,stdio] [--warmup 50] [--network none|bridge] [--against other.jar]
// calls: per transport (Streamable HTTP, HTTP+SSE, stdio) an MCP ping, an MCP tools/call of `pass`, and the same
//   execute_request on a bare WebSocket to a twin of the session's kernel in the same sandbox, interleaved call by call;
//   plus a JSON-RPC ping POSTed to /mcp against a minimal Vert.x server answering the same POST (one client).
// --against other.jar: two brokers, this build (A) and that one (B), measured call by call in one window; each
//   one's call path beyond its own ping, and B - A; with start, B's cold start takes its turn in each round too.
//   BENCH_JVM_AGAINST='...' gives B JVM options of its own (the same jar twice compares JVM flags), and
//   BENCH_JAVA_HOME_AGAINST a JDK of its own (BENCH_JAVA_HOME: A's; else both run the PATH's java).
// start: broker process start -> first print(1) result over stdio, against a bare container (Docker API) +
//   kernel (Jupyter REST) + print(1) on a WebSocket.
// Sandboxes run with the broker's default network none unless --network bridge: the bare client then dials Jupyter's
// Unix socket in the sandbox's run folder, as the broker does (with bridge, both dial its published port).
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import { LAUNCHER, arg, freePort, sleep, waitFor } from './bench-common.mjs';

const JAR = path.resolve(arg('jar', 'target/kernel-broker.jar'));
// A second build to run beside the first, call by call in the same window (--parts calls only): on a machine whose
// runs spread more than two builds differ, only their difference measured together says which is faster.
const AGAINST = arg('against') ? path.resolve(arg('against')) : null;
const TEST_CLASSES = path.resolve(arg('testClasses', 'target/test-classes'));
const N = Number(arg('n', 500));
const STARTS = Number(arg('starts', 5));
const PARTS = arg('parts', 'calls,start').split(',');
const TRANSPORTS = arg('transports', 'http,sse,stdio').split(',');
const IMAGE = arg('image', 'kernel-broker-sandbox:latest');
const WARMUP = Number(arg('warmup', 50));
const NETWORK = arg('network', 'none');
// JVM options for the broker under test beyond bin/kernel-broker's own, which they override (the last wins), e.g.
// BENCH_JVM=-XX:CompileThresholdScaling=1 for the JIT's default thresholds
const jvmOptions = (value) => value.split(' ').filter(Boolean);
const JVM = jvmOptions(process.env.BENCH_JVM || '');
// The second broker's JVM options with --against (BENCH_JVM if unset): JVM flags compared side by side on one jar.
const JVM_AGAINST = process.env.BENCH_JVM_AGAINST === undefined ? JVM : jvmOptions(process.env.BENCH_JVM_AGAINST);
const workspace = mkdtempSync(path.join(os.tmpdir(), 'kb-bench-'));
const brokerEnv = (extra) => ({
  ...getDefaultEnvironment(), PATH: process.env.PATH, HOME: process.env.HOME,
  BROKER_WORKSPACE_DIR: workspace, BROKER_LOG_LEVEL: 'warn', BROKER_SANDBOX_NETWORK: NETWORK, ...extra,
});

const now = () => Number(process.hrtime.bigint()) / 1e6;
function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { n: s.length, p50: at(0.5), p99: at(0.99) };
}
/** The p50 of a series drawn from xs with replacement: one bootstrap draw. */
const resampledP50 = (xs) => stats(Array.from(xs, () => xs[Math.floor(Math.random() * xs.length)])).p50;
/** A 95 % interval of a figure from 1000 bootstrap draws of it, as "[low, high]" with the given decimals. */
function interval95(draw, digits) {
  const draws = Array.from({ length: 1000 }, draw).sort((a, b) => a - b);
  return `[${draws[25].toFixed(digits)}, ${draws[974].toFixed(digits)}]`;
}
/**
 * A 95 % interval for the call path beyond one ping, p50(call) - p50(bare) - p50(ping), by resampling each series:
 * a single run's figure spreads by tenths of a millisecond on a 2-vCPU VM, as wide as the target, so the figure alone
 * does not say whether a target is met.
 */
const beyondInterval = (call, raw, ping) =>
  interval95(() => resampledP50(call) - resampledP50(raw) - resampledP50(ping), 2);
const fmt = (label, xs) => {
  const { n, p50, p99 } = stats(xs);
  return `${label.padEnd(58)} n=${String(n).padEnd(5)} p50 ${p50.toFixed(2).padStart(8)} ms   p99 ${p99.toFixed(2).padStart(8)} ms`;
};

/** One bare WebSocket to a kernel: execute_request, then wait for execute_reply and idle. */
class BareKernel {
  static async open(jupyter, token, kernelId) {
    const ws = new WebSocket(jupyter.ws(`/api/kernels/${kernelId}/channels?session_id=${randomUUID()}`),
      { headers: { Authorization: `token ${token}`, ...jupyter.headers }, perMessageDeflate: false });
    await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
    ws.setNoDelay?.(true);
    return new BareKernel(ws);
  }
  constructor(ws) {
    this.ws = ws;
    this.session = randomUUID();
    ws.on('message', (data) => this.onMessage(JSON.parse(data.toString())));
  }
  execute(code) {
    const id = randomUUID();
    this.pending = { id, replied: false, idle: false, text: '' };
    return new Promise((resolve) => {
      this.pending.resolve = resolve;
      this.ws.send(JSON.stringify({
        header: { msg_id: id, session: this.session, username: 'bench', date: new Date().toISOString(),
          msg_type: 'execute_request', version: '5.3' },
        parent_header: {}, metadata: {}, buffers: [], channel: 'shell',
        content: { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false,
          stop_on_error: true },
      }));
    });
  }
  onMessage(m) {
    const p = this.pending;
    if (!p || m.parent_header?.msg_id !== p.id) return;
    if (m.msg_type === 'execute_reply' || m.header?.msg_type === 'execute_reply') p.replied = true;
    if (m.header?.msg_type === 'stream') p.text += m.content.text;
    if (m.header?.msg_type === 'status' && m.content.execution_state === 'idle') p.idle = true;
    if (p.replied && p.idle) {
      this.pending = null;
      p.resolve(p.text);
    }
  }
  close() { this.ws.close(); }
}

const text = (result) => result.content.filter((c) => c.type === 'text').map((c) => c.text).join('');
const run = (client, code) => client.callTool({ name: 'execute_python_code', arguments: { command: code } },
  undefined, { timeout: 60000 });

/**
 * A bare WebSocket to a twin of the kernel the MCP session runs in: a second kernel of the same kernelspec in the same
 * sandbox (its container, token and port found through Docker). Not the session's own kernel: Jupyter Server sends a
 * kernel's iopub messages to every WebSocket open on it, so the bench's own process (the MCP client too) would read
 * each call's status and input messages as they come, and the broker each bare execute's.
 */
async function bareTwinOf(client) {
  const status = JSON.parse(text(await client.callTool({ name: 'get_kernel_status', arguments: {} })));
  const containerId = status.sandbox?.container_id ?? status.session?.sandbox?.container_id
    ?? JSON.stringify(status).match(/"container_id"\s*:\s*"([0-9a-f]+)"/)?.[1];
  const inspect = JSON.parse(execFileSync('docker', ['inspect', containerId]).toString())[0];
  const token = inspect.Config.Env.find((e) => e.startsWith('JUPYTER_TOKEN=')).slice('JUPYTER_TOKEN='.length);
  const jupyter = jupyterOf(inspect);
  const auth = { Authorization: `token ${token}` };
  const twin = await jupyter.rest('POST', '/api/kernels', auth, { name: 'python3' });
  const bare = await BareKernel.open(jupyter, token, twin.id);
  bare.shutdown = () => jupyter.rest('DELETE', `/api/kernels/${twin.id}`, auth).catch(() => {});
  return bare;
}

/** How a client on this host reaches the sandbox's Jupyter: its published port, or its Unix socket (network none). */
function jupyterOf(inspect) {
  const binding = inspect.NetworkSettings.Ports?.['8888/tcp']?.[0];
  if (binding) {
    const base = `127.0.0.1:${binding.HostPort}`;
    return { ws: (p) => `ws://${base}${p}`, headers: {},
      rest: (method, p, headers, body) => requestJson({ host: '127.0.0.1', port: binding.HostPort }, method, p,
        headers, body) };
  }
  const runDir = inspect.Mounts.find((m) => m.Destination === '/run/kernel-broker');
  if (!runDir) throw new Error('the sandbox publishes no Jupyter port and mounts no run folder');
  const socketPath = path.join(runDir.Source, 'jupyter.sock');
  // Jupyter checks the Host header; over a socket, name the address the broker names.
  const headers = { Host: '127.0.0.1:8888' };
  return { ws: (p) => `ws+unix://${socketPath}:${p}`, headers,
    rest: (method, p, extra, body) => requestJson({ socketPath }, method, p, { ...headers, ...extra }, body) };
}

/**
 * Alternates a and b call by call (the order flips every round), after warming both up. With {@code aTimesItself},
 * a's samples are what it resolves to.
 */
async function interleave(a, b, aTimesItself = false) {
  for (let i = 0; i < WARMUP; i++) { await a(); await b(); }
  const ta = []; const tb = [];
  for (let i = 0; i < N; i++) {
    const pair = i % 2 === 0 ? [[a, ta], [b, tb]] : [[b, tb], [a, ta]];
    for (const [f, into] of pair) {
      const t0 = now();
      const own = await f();
      into.push(aTimesItself && f === a ? own : now() - t0);
    }
  }
  return [ta, tb];
}

/**
 * Calls, bare executes and pings in one window, so that all three meet the machine in the same state: every call and
 * every ping follows a bare execute (~5 ms of kernel work, which leaves the processes and CPUs as cold for one as for
 * the other), and call and ping take turns. Pings back to back find everything warm and cost less.
 */
async function callsBareAndPings(call, bare, ping) {
  for (let i = 0; i < WARMUP; i++) { await bare(); await call(); await bare(); await ping(); }
  const calls = []; const raws = []; const pings = [];
  for (let i = 0; i < N; i++) {
    const steps = i % 2 === 0 ? [[bare, raws], [call, calls], [bare, raws], [ping, pings]]
      : [[bare, raws], [ping, pings], [bare, raws], [call, calls]];
    for (const [f, into] of steps) {
      const t0 = now();
      await f();
      into.push(now() - t0);
    }
  }
  return [calls, raws, pings];
}

async function measureTransport(label, client) {
  await run(client, 'pass'); // starts the session's Python kernel
  const bare = await bareTwinOf(client);
  const [call, raw, ping] = await callsBareAndPings(() => run(client, 'pass'), () => bare.execute('pass'),
    () => client.ping());
  const [hotPing] = await interleave(() => client.ping(), async () => {});
  bare.close();
  await bare.shutdown();
  const c = stats(call); const r = stats(raw); const p = stats(ping);
  console.log(fmt(`${label}: MCP tools/call of pass`, call));
  console.log(fmt(`${label}: same execute_request, bare WebSocket`, raw));
  console.log(fmt(`${label}: MCP ping, after a bare execute`, ping));
  console.log(fmt(`${label}: MCP ping, back to back`, hotPing));
  console.log(`${label}: extra p50 ${(c.p50 - r.p50).toFixed(2)} ms (x${(c.p50 / r.p50).toFixed(2)}), p99 `
    + `${(c.p99 - r.p99).toFixed(2)} ms; call path beyond one ping p50 ${(c.p50 - r.p50 - p.p50).toFixed(2)} ms`
    + ` (95 % interval ${beyondInterval(call, raw, ping)}; beyond a back-to-back ping`
    + ` ${(c.p50 - r.p50 - stats(hotPing).p50).toFixed(2)} ms)`);
}

/**
 * Two builds side by side (--against): a call and a ping to each, every one right after a bare execute on a twin kernel
 * in that build's own sandbox (a Jupyter Server that just relayed an execute is warmer than one that sat idle, so one
 * twin for both would favour its sandbox's build), the four pairs taking turns in one window; each build's call path
 * beyond its own ping and its own bare execute, and the second's less the first's.
 */
async function measurePair(label, clientA, clientB) {
  await run(clientA, 'pass');
  await run(clientB, 'pass');
  const bares = [await bareTwinOf(clientA), await bareTwinOf(clientB)];
  const ops = [[0, () => run(clientA, 'pass')], [0, () => clientA.ping()], [1, () => run(clientB, 'pass')],
    [1, () => clientB.ping()]];
  const times = ops.map(() => []); const raws = [[], []];
  for (let i = 0; i < WARMUP + N; i++) {
    for (let k = 0; k < ops.length; k++) {
      const j = (i + k) % ops.length;
      const [build, op] = ops[j];
      let t0 = now();
      await bares[build].execute('pass');
      if (i >= WARMUP && j % 2 === 0) raws[build].push(now() - t0);
      t0 = now();
      await op();
      if (i >= WARMUP) times[j].push(now() - t0);
    }
  }
  for (const bare of bares) {
    bare.close();
    await bare.shutdown();
  }
  const beyond = [0, 1].map((b) => stats(times[2 * b]).p50 - stats(raws[b]).p50 - stats(times[2 * b + 1]).p50);
  const interval = [0, 1].map((b) => beyondInterval(times[2 * b], raws[b], times[2 * b + 1]));
  for (const [b, build] of [[0, 'A'], [1, 'B']]) {
    console.log(fmt(`${label} ${build}: MCP tools/call of pass`, times[2 * b]));
    console.log(fmt(`${label} ${build}: same execute_request, bare WebSocket`, raws[b]));
    console.log(fmt(`${label} ${build}: MCP ping, after a bare execute`, times[2 * b + 1]));
  }
  console.log(`${label}: call path beyond one ping p50: A ${beyond[0].toFixed(2)} ms ${interval[0]}, B`
    + ` ${beyond[1].toFixed(2)} ms ${interval[1]},`
    + ` B - A ${(beyond[1] - beyond[0]).toFixed(2)} ms (A ${path.basename(JAR)} ${JVM.join(' ')}, B`
    + ` ${path.basename(AGAINST)} ${JVM_AGAINST.join(' ')})`);
}

/** The HTTP transports measured, each as its key, label and a client transport to a broker at {@code base}. */
const HTTP_TRANSPORTS = [
  ['http', 'Streamable HTTP', (base) => new StreamableHTTPClientTransport(new URL(`${base}/mcp`))],
  ['sse', 'HTTP+SSE', (base) => new SSEClientTransport(new URL(`${base}/sse`))],
].filter(([key]) => TRANSPORTS.includes(key));

// Brokers start as the README starts them, through bin/kernel-broker (LAUNCHER, its JVM options); extra ones go after.
// BENCH_JAVA_HOME / BENCH_JAVA_HOME_AGAINST: the JDK each build runs on (the launcher's JAVA_HOME), else the PATH's java.
const JAVA_HOMES = { A: process.env.BENCH_JAVA_HOME, B: process.env.BENCH_JAVA_HOME_AGAINST ?? process.env.BENCH_JAVA_HOME };
const launchEnv = (jar, jvm, extra, build = 'A') => brokerEnv({ KERNEL_BROKER_JAR: jar, JAVA_OPTS: jvm.join(' '),
  ...(JAVA_HOMES[build] ? { JAVA_HOME: JAVA_HOMES[build] } : {}), ...extra });

/** A stdio client transport that starts the broker of {@code jar}. */
const stdioTransport = (jar, jvm = JVM, build = 'A') => new StdioClientTransport({ command: LAUNCHER,
  args: ['--stdio'], stderr: 'inherit', env: launchEnv(jar, jvm, {}, build) });

async function callsSideBySide() {
  if (HTTP_TRANSPORTS.length > 0) {
    const [a, b] = [await startHttpBroker(JAR), await startHttpBroker(AGAINST, JVM_AGAINST, 'B')];
    try {
      for (const [, label, make] of HTTP_TRANSPORTS) {
        const transports = [make(a.base), make(b.base)];
        const clients = [await connected(transports[0]), await connected(transports[1])];
        await measurePair(label, ...clients);
        for (const [i, t] of transports.entries()) {
          await t.terminateSession?.().catch(() => {});
          await clients[i].close();
        }
      }
    } finally {
      await Promise.all([stopAndWait(a.child), stopAndWait(b.child)]);
    }
  }
  if (TRANSPORTS.includes('stdio')) {
    const clients = [];
    for (const [jar, jvm, build] of [[JAR, JVM, 'A'], [AGAINST, JVM_AGAINST, 'B']]) {
      clients.push(await connected(stdioTransport(jar, jvm, build)));
    }
    await measurePair('stdio', ...clients);
    for (const client of clients) await client.close();
  }
}

async function startHttpBroker(jar = JAR, jvm = JVM, build = 'A') {
  const port = await freePort();
  const child = spawn(LAUNCHER, [], { stdio: ['ignore', 'inherit', 'inherit'],
    env: launchEnv(jar, jvm, { BROKER_PORT: String(port), BROKER_POOL_SIZE: '2' }, build) });
  const base = `http://127.0.0.1:${port}`;
  await waitFor('the broker\'s /health', 60000, async () => (await fetch(`${base}/health`)).ok);
  return { base, child };
}

/**
 * SIGTERM, as a service manager stops a server, and then its exit: a broker's shutdown removes its sandboxes
 * (waiting for any still starting), which must not share the machine with what is measured next.
 */
async function stopAndWait(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill();
  await Promise.race([exited, sleep(60000)]);
}

async function connected(transport) {
  const client = new Client({ name: 'kernel-broker-bench', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

/** A JSON-RPC ping POSTed to a URL, as the SDK's fetch would, with an optional session id. */
async function postPing(url, sessionId) {
  const headers = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' };
  if (sessionId) {
    headers['Mcp-Session-Id'] = sessionId;
    headers['MCP-Protocol-Version'] = '2025-06-18';
  }
  const res = await fetch(url, { method: 'POST', headers, body: '{"jsonrpc":"2.0","id":1,"method":"ping"}' });
  await res.text();
}

/** A POST the minimal server holds; resolves to the round trip less the time the server says it held it. */
async function postHeld(url) {
  const t0 = now();
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: '{"jsonrpc":"2.0","id":1,"method":"ping"}' });
  const { result } = await res.json();
  return now() - t0 - result.held_us / 1000;
}

async function pingAgainstMinimalServer(base) {
  const port = await freePort();
  // On the pages bin/kernel-broker gives an HTTP broker, so that the two differ in their code alone.
  const pages = os.platform() === 'linux' ? ['-XX:+UseTransparentHugePages'] : [];
  const child = spawn('java', [...pages, '-cp', `${JAR}${path.delimiter}${TEST_CLASSES}`,
    'dev.kernelbroker.bench.MinimalHttpServer', String(port)], { stdio: ['ignore', 'inherit', 'inherit'] });
  const minimal = `http://127.0.0.1:${port}/mcp`;
  await waitFor('the minimal Vert.x server', 30000, async () => { await postPing(minimal); return true; });
  const transport = new StreamableHTTPClientTransport(new URL(`${base}/mcp`));
  const client = await connected(transport);
  const [broker, bare] = await interleave(() => postPing(`${base}/mcp`, transport.sessionId),
    () => postPing(minimal));
  console.log(fmt('POST ping to /mcp, broker', broker));
  console.log(fmt('POST ping, minimal Vert.x HTTP server', bare));
  console.log(`ping: broker over minimal p50 ${(stats(broker).p50 - stats(bare).p50).toFixed(2)} ms`);
  // The same server holding each POST as long as a kernel runs `pass`: both sides sit idle meanwhile, as around a
  // tools/call, and their wake-up then costs more than after a ping's 0.1 ms.
  const [held, quick] = await interleave(() => postHeld(`http://127.0.0.1:${port}/held?ms=4`), () => postPing(minimal),
    true);
  console.log(fmt('POST held 4 ms by the minimal server, less the hold', held));
  console.log(fmt('POST ping, minimal server, the same window', quick));
  console.log(`wake-up after 4 ms idle: p50 ${(stats(held).p50 - stats(quick).p50).toFixed(2)} ms more per round trip`);
  await transport.terminateSession().catch(() => {});
  await client.close();
  await stopAndWait(child);
}

async function calls() {
  if (HTTP_TRANSPORTS.length > 0) {
    const { base, child } = await startHttpBroker();
    try {
      for (const [, label, make] of HTTP_TRANSPORTS) {
        const transport = make(base);
        const client = await connected(transport);
        await measureTransport(label, client);
        await transport.terminateSession?.().catch(() => {});
        await client.close();
      }
      if (TRANSPORTS.includes('http')) {
        await pingAgainstMinimalServer(base);
      }
    } finally {
      await stopAndWait(child);
    }
  }
  if (!TRANSPORTS.includes('stdio')) {
    return;
  }
  const client = await connected(stdioTransport(JAR));
  await measureTransport('stdio', client);
  await client.close();
}

/** A JSON request over TCP or a Unix socket ({@code where}: host and port, or socketPath); its parsed answer. */
function requestJson(where, method, pathname, headers, body) {
  return new Promise((resolve, reject) => {
    const req = http.request({ ...where, path: pathname, method,
      headers: { 'Content-Type': 'application/json', ...headers } }, (res) => {
      let data = '';
      res.on('data', (d) => { data += d; });
      res.on('end', () => (res.statusCode >= 300
        ? reject(new Error(`${method} ${pathname}: ${res.statusCode} ${data}`))
        : resolve(data ? JSON.parse(data) : {})));
    });
    req.on('error', reject);
    req.end(body ? JSON.stringify(body) : undefined);
  });
}

/** Docker's API on its Unix socket, as a bare client would use it. */
const docker = (method, pathname, body) => requestJson({ socketPath: '/var/run/docker.sock' }, method, pathname, {},
  body);

async function bareStart() {
  const token = randomUUID();
  const t0 = now();
  const created = await docker('POST', '/containers/create', {
    Image: IMAGE, Env: [`JUPYTER_TOKEN=${token}`], ExposedPorts: { '8888/tcp': {} },
    HostConfig: { PortBindings: { '8888/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] }, ReadonlyRootfs: true,
      Tmpfs: { '/tmp': 'rw,size=512m' }, Memory: 1 << 30, CapDrop: ['ALL'] },
  });
  try {
    await docker('POST', `/containers/${created.Id}/start`);
    const inspect = await docker('GET', `/containers/${created.Id}/json`);
    const base = `http://127.0.0.1:${inspect.NetworkSettings.Ports['8888/tcp'][0].HostPort}`;
    const auth = { Authorization: `token ${token}` };
    await waitFor('Jupyter in the bare container', 60000, async () => (await fetch(`${base}/api/status`, { headers: auth })).ok);
    const kernel = await (await fetch(`${base}/api/kernels`, { method: 'POST', headers: auth,
      body: JSON.stringify({ name: 'python3' }) })).json();
    const bare = await BareKernel.open({ ws: (p) => `${base.replace('http', 'ws')}${p}`, headers: {} }, token, kernel.id);
    const out = await bare.execute('print(1)');
    const elapsed = now() - t0;
    bare.close();
    if (out.trim() !== '1') throw new Error(`bare print(1) printed ${JSON.stringify(out)}`);
    return elapsed;
  } finally {
    await docker('DELETE', `/containers/${created.Id}?force=true`).catch(() => {});
  }
}

async function brokerStart(jar = JAR, jvm = JVM, build = 'A') {
  const t0 = now();
  const client = await connected(stdioTransport(jar, jvm, build));
  const result = await run(client, 'print(1)');
  const elapsed = now() - t0;
  if (text(result).trim() !== '1') throw new Error(`broker print(1) gave ${JSON.stringify(result)}`);
  await client.close();
  await sleep(1500); // the exiting broker removes its sandbox
  return elapsed;
}

/** The median of per-round differences, with a 95 % interval by resampling the rounds. */
function pairedMedian(a, b) {
  const diffs = b.map((x, i) => x - a[i]);
  return `${stats(diffs).p50.toFixed(0)} ms ${interval95(() => resampledP50(diffs), 0)}`;
}

/**
 * Bare and broker starts take turns; with --against the other build's start takes its turn in the same round, A and
 * B swapping places every round so that neither always follows the bare start.
 */
async function start() {
  const bare = []; const broker = []; const against = [];
  for (let i = 0; i < STARTS; i++) {
    bare.push(await bareStart());
    const startA = () => brokerStart().then((t) => broker.push(t));
    const startB = () => brokerStart(AGAINST, JVM_AGAINST, 'B').then((t) => against.push(t));
    if (!AGAINST) await startA();
    else if (i % 2 === 0) await startA().then(startB);
    else await startB().then(startA);
  }
  console.log(fmt('cold start: bare container + kernel + print(1)', bare));
  console.log(fmt('cold start: broker start (stdio) -> first print(1) result', broker));
  console.log(`cold start: broker over bare p50 x${(stats(broker).p50 / stats(bare).p50).toFixed(2)}`);
  if (AGAINST) {
    console.log(fmt(`cold start: B (${path.basename(path.dirname(path.dirname(AGAINST)))}) start -> first print(1)`,
      against));
    console.log(`cold start: B - A p50 ${(stats(against).p50 - stats(broker).p50).toFixed(0)} ms; per round (paired)`
      + ` median ${pairedMedian(broker, against)}`);
  }
}

try {
  if (PARTS.includes('calls')) await (AGAINST ? callsSideBySide() : calls());
  if (PARTS.includes('start')) await start();
} finally {
  rmSync(workspace, { recursive: true, force: true });
}
process.exit(0);
