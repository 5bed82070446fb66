// The broker's own time on a call's critical path, read off its system calls (issue 9). Reported, never asserted.
// Needs perf and the kernel's syscall tracepoints (root, or perf_event_paranoid <= -1). Run after `mvn package`:
//   [BENCH_JVM='-XX:...'] node src/test/node/bench-trace.mjs [--transport http|stdio] [--n 300] [--warmup 3000]
//       [--jar target/kernel-broker.jar]   (BENCH_JVM: JVM options after the launcher's own, as in bench-e2e)
// After the warm-up it records N rounds of (tools/call of `pass`, 3 ms pause, ping, 3 ms pause) and prints, p25/p50/p75:
//   http:  a ping from the event loop's read of the request to its answer; a call's "before" (request read ->
//          execute_request sent) and "after" (the kernel's last message read -> response written).
//   stdio: a ping from the reader thread's read to the writer's write; a call's reader time (read -> handed to the
//          event loop), the loop's wake, the loop's time to the send, and "after" (last message read -> written),
//          split into the loop's share (-> its futex call that wakes the writer), the writer's wake and its write.
// Tracing adds a few microseconds to each system call; compare figures from this script with each other.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import { LAUNCHER, arg, freePort, sleep, waitFor } from './bench-common.mjs';

const TRANSPORT = arg('transport', 'http');
const N = Number(arg('n', 300));
const WARMUP = Number(arg('warmup', 3000));
const JAR = path.resolve(arg('jar', 'target/kernel-broker.jar'));
const SYSCALLS = ['recvfrom', 'sendto', 'writev', 'write', 'read', 'epoll_pwait2', 'epoll_wait', 'futex'];
const scratch = mkdtempSync(path.join(os.tmpdir(), 'kb-trace-'));
const env = (extra) => ({ ...getDefaultEnvironment(), PATH: process.env.PATH, HOME: process.env.HOME,
  BROKER_WORKSPACE_DIR: scratch, BROKER_LOG_LEVEL: 'warn', KERNEL_BROKER_JAR: JAR,
  JAVA_OPTS: process.env.BENCH_JVM ?? '', ...extra });

async function open() {
  const client = new Client({ name: 'bench-trace', version: '1' });
  if (TRANSPORT === 'stdio') {
    const transport = new StdioClientTransport({ command: LAUNCHER, args: ['--stdio'], stderr: 'inherit', env: env({}) });
    await client.connect(transport);
    return { client, pid: transport.pid, stop: () => {} };
  }
  const port = await freePort();
  const child = spawn(LAUNCHER, [], { stdio: ['ignore', 'inherit', 'inherit'], env: env({ BROKER_PORT: String(port) }) });
  const base = `http://127.0.0.1:${port}`;
  await waitFor('the broker\'s /health', 60000, async () => (await fetch(`${base}/health`)).ok);
  await client.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`)));
  return { client, pid: child.pid, stop: () => child.kill() };
}

/** perf script's lines as {t (ms), thread, call, enter, fd, ret}. */
function events(file) {
  const out = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^\s*(.+?)\s+\d+\s+(\d+\.\d+):\s+syscalls:sys_(enter|exit)_(\w+):\s*(.*)$/.exec(line);
    if (!m) continue;
    const fd = /fd: (0x[0-9a-f]+)/.exec(m[5]);
    out.push({ t: Number(m[2]) * 1000, thread: m[1], enter: m[3] === 'enter', call: m[4],
      fd: fd ? Number(fd[1]) : null, ret: m[3] === 'exit' ? Number(m[5].trim()) : null });
  }
  return out.sort((a, b) => a.t - b.t);
}

/** HTTP: the event loop's reads and writes; the response socket is the one call answers are written to. */
function http(evs) {
  const loop = evs.filter((e) => e.thread.startsWith('vert.x-eventloo'));
  const answerFd = loop.find((e) => e.enter && e.call === 'writev')?.fd;
  const out = { ping: [], before: [], after: [] };
  let fd = null; let request = null; let lastKernelRead = null;
  for (const e of loop) {
    if (e.enter && e.call === 'recvfrom') fd = e.fd;
    else if (!e.enter && e.call === 'recvfrom' && e.ret > 0) {
      if (fd === answerFd) request ??= { in: e.t };
      else lastKernelRead = e.t;
    } else if (e.enter && (e.call === 'sendto' || e.call === 'writev') && request) {
      if (e.fd !== answerFd) {
        request.sent ??= e.t;
      } else if (request.sent) {
        out.before.push(request.sent - request.in);
        out.after.push(e.t - lastKernelRead);
        request = null;
      } else {
        out.ping.push(e.t - request.in);
        request = null;
      }
    }
  }
  return out;
}

/** Stdio: the reader thread hands a call to the event loop (an eventfd write); the writer thread writes stdout. */
function stdio(evs) {
  const out = { ping: [], reader: [], wake: [], loop: [], after: [], afterLoop: [], toWriter: [], writer: [] };
  let request = null; let lastKernelRead = null; let loopFutex = null; let writerWoke = null;
  for (const e of evs) {
    if (e.thread.startsWith('mcp-stdio-reade')) {
      if (!e.enter && e.call === 'read' && e.ret > 0) request = { in: e.t };
      else if (e.enter && e.call === 'write' && request) request.handed ??= e.t;
    } else if (e.thread.startsWith('vert.x-eventloo')) {
      if (!e.enter && e.call === 'epoll_pwait2' && request?.handed && !request.woke) request.woke = e.t;
      else if (!e.enter && e.call === 'recvfrom' && e.ret > 0) lastKernelRead = e.t;
      else if (e.enter && e.call === 'sendto' && request?.woke) request.sent ??= e.t;
      else if (e.enter && e.call === 'futex') loopFutex = e.t;
    } else if (e.thread.startsWith('mcp-stdio-write') && !e.enter && e.call === 'futex') {
      writerWoke = { t: e.t, by: loopFutex };
    } else if (e.thread.startsWith('mcp-stdio-write') && e.enter && e.call === 'write' && e.fd === 1 && request) {
      if (request.sent) {
        out.reader.push(request.handed - request.in);
        out.wake.push(request.woke - request.handed);
        out.loop.push(request.sent - request.woke);
        out.after.push(e.t - lastKernelRead);
        if (writerWoke?.by > lastKernelRead) {
          out.afterLoop.push(writerWoke.by - lastKernelRead);
          out.toWriter.push(writerWoke.t - writerWoke.by);
          out.writer.push(e.t - writerWoke.t);
        }
      } else if (!request.handed) {
        out.ping.push(e.t - request.in);
      }
      request = null;
    }
  }
  return out;
}

const { client, pid, stop } = await open();
try {
  const call = () => client.callTool({ name: 'execute_python_code', arguments: { command: 'pass' } });
  for (let i = 0; i < WARMUP; i++) await call();
  const data = path.join(scratch, 'perf.data');
  const perf = spawn('perf', ['record', '-q', '-o', data, '-p', String(pid),
    ...SYSCALLS.flatMap((s) => ['-e', `syscalls:sys_enter_${s}`, '-e', `syscalls:sys_exit_${s}`])], { stdio: 'inherit' });
  await sleep(1500); // perf attaches to each thread
  for (let i = 0; i < N; i++) {
    await call();
    await sleep(3);
    await client.ping();
    await sleep(3);
  }
  perf.kill('SIGINT');
  await new Promise((r) => perf.on('exit', r));
  const text = path.join(scratch, 'perf.txt');
  execFileSync('sh', ['-c', `perf script -i '${data}' -F comm,tid,time,event,trace > '${text}' 2>/dev/null`]);
  const figures = (TRANSPORT === 'stdio' ? stdio : http)(events(text));
  for (const [what, xs] of Object.entries(figures)) {
    const s = [...xs].sort((a, b) => a - b);
    const at = (q) => (s[Math.floor(q * s.length)] ?? NaN).toFixed(3);
    console.log(`${TRANSPORT} ${what.padEnd(9)} n=${String(s.length).padEnd(4)} p25 ${at(0.25)}  p50 ${at(0.5)}  p75 ${at(0.75)} ms`);
  }
} finally {
  await client.close().catch(() => {});
  stop();
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(0);
