// Where a call's CPU goes in the broker (issue 9): the broker's CPU time per MCP tools/call of `pass` over stdio,
// by thread kind, read from /proc/<pid>/task/*/stat around n calls (and n pings for comparison). Reported, never
// asserted; run after `mvn package`:
//   [BENCH_JVM='...'] [WARM=300] node src/test/node/bench-cpu.mjs [n]
// A JIT still compiling shows as "C1/C2 CompilerThre"; over stdio bin/kernel-broker keeps to the quick compiler, so
// BENCH_JVM='-XX:TieredStopAtLevel=4 -XX:CompileThresholdScaling=0.02' measures what an HTTP broker runs.
import { readFileSync, mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';

const N = Number(process.argv[2] || 2000);
const WARM = Number(process.env.WARM || 300);
const JVM = (process.env.BENCH_JVM || '').split(' ').filter(Boolean);
const workspace = mkdtempSync(path.join(os.tmpdir(), 'kb-cpu-'));
// As the README starts it (bin/kernel-broker execs the JVM, so the pid is the broker's); BENCH_JVM goes after its
// options.
const launcher = fileURLToPath(new URL('../../../bin/kernel-broker', import.meta.url));
const transport = new StdioClientTransport({ command: launcher, args: ['--stdio'], stderr: 'inherit',
  env: { ...getDefaultEnvironment(), PATH: process.env.PATH, HOME: process.env.HOME,
    BROKER_WORKSPACE_DIR: workspace, BROKER_LOG_LEVEL: 'warn', JAVA_OPTS: JVM.join(' ') } });
const client = new Client({ name: 'bench-cpu', version: '1' });
await client.connect(transport);

const ticks = (stat) => { const f = stat.split(') ')[1].split(' '); return (Number(f[11]) + Number(f[12])) * 10; };
const cpu = () => ticks(readFileSync(`/proc/${transport.pid}/stat`, 'utf8'));
function byThread() {
  const kinds = {};
  for (const tid of readdirSync(`/proc/${transport.pid}/task`)) {
    try {
      const kind = readFileSync(`/proc/${transport.pid}/task/${tid}/comm`, 'utf8').trim().replace(/[0-9#]+$/, '');
      kinds[kind] = (kinds[kind] || 0) + ticks(readFileSync(`/proc/${transport.pid}/task/${tid}/stat`, 'utf8'));
    } catch { /* the thread ended meanwhile */ }
  }
  return kinds;
}
const call = () => client.callTool({ name: 'execute_python_code', arguments: { command: 'pass' } });

for (let i = 0; i < WARM; i++) await call();
for (const [label, once] of [['tools/call of pass', call], ['ping', () => client.ping()]]) {
  const c0 = cpu(), w0 = performance.now(), t0 = byThread();
  for (let i = 0; i < N; i++) await once();
  const c1 = cpu(), w1 = performance.now(), t1 = byThread();
  const threads = Object.entries(t1).map(([k, v]) => [k, (v - (t0[k] || 0)) / N]).filter(([, v]) => v >= 0.005)
    .sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v.toFixed(3)}`).join(', ');
  console.log(`${label}: n=${N} after ${WARM} warm-up calls: wall ${((w1 - w0) / N).toFixed(3)} ms, broker CPU`
    + ` ${((c1 - c0) / N).toFixed(3)} ms per call (${threads})`);
}
await client.close();
