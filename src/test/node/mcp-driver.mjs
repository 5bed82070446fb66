// Drives a Kernel Broker MCP endpoint with the official TypeScript SDK client, so tests exercise the
// wire as real agents do. Usage:
//   node mcp-driver.mjs [--token T] sse <url>
//   node mcp-driver.mjs [--token T] http <url>
//   node mcp-driver.mjs [--token T] [--session ID --protocol V] http <url>   (take up an existing session, as a
//     client does that outlived its server's restart: no initialize, the session id and version headers as before)
//   node mcp-driver.mjs stdio <command> [args...]
// Then one JSON command per stdin line; one JSON event per stdout line:
//   {"id":1,"cmd":"listTools"}
//   {"id":2,"cmd":"callTool","name":"echo","arguments":{},"timeoutMs":5000,"withProgress":true,"cancelAfterMs":500}
//   {"id":3,"cmd":"ping"}  {"id":4,"cmd":"terminate"}  {"id":5,"cmd":"close"}
//   {"id":6,"cmd":"callToolTask","name":"execute_python_code","arguments":{},"ttlMs":60000}
//     (MCP Tasks through the SDK's experimental callToolStream: one "taskMessage" event per stream message)
//   {"id":7,"cmd":"getTask","taskId":"…"}  getTaskResult, listTasks ("cursor"), cancelTask likewise
//   {"id":8,"cmd":"listResources","cursor":"..."}  {"id":9,"cmd":"readResource","uri":"file:///workspace/a.csv"}
//   {"id":10,"cmd":"listResourceTemplates"}
// Options before the transport: --token T, --session ID (reuse an HTTP session without initialize),
// --protocol V (the MCP-Protocol-Version to send with a reused session).
// Server notifications other than progress and logs (tools/list_changed, tasks/status, resources/list_changed)
// arrive as {"event":"notification","method":...,"params":...}.
// Commands run concurrently; answers carry the command's id.
import { createInterface } from 'node:readline';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import {
  CallToolResultSchema, LoggingMessageNotificationSchema, ResourceListChangedNotificationSchema,
  TaskStatusNotificationSchema, ToolListChangedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';

const emit = (event) => process.stdout.write(JSON.stringify(event) + '\n');
const describe = (err) => ({ message: String(err?.message ?? err), code: err?.code ?? null, name: err?.name ?? null });

function parseArgs(argv) {
  const args = [...argv];
  let token;
  let sessionId;
  let protocol;
  while (args[0]?.startsWith('--')) {
    const flag = args.shift();
    const value = args.shift();
    if (flag === '--token') token = value;
    else if (flag === '--session') sessionId = value;
    else if (flag === '--protocol') protocol = value;
    else throw new Error(`unknown option ${flag}`);
  }
  const kind = args.shift();
  return { kind, token, sessionId, protocol, rest: args };
}

function makeTransport({ kind, token, sessionId, rest }) {
  const requestInit = token ? { headers: { Authorization: `Bearer ${token}` } } : undefined;
  switch (kind) {
    case 'sse':
      return new SSEClientTransport(new URL(rest[0]), { requestInit });
    case 'http':
      return new StreamableHTTPClientTransport(new URL(rest[0]), { requestInit, sessionId });
    case 'stdio':
      // The SDK passes only a safe subset of the environment; the server's own settings (and bin/kernel-broker's) must
      // reach it too.
      return new StdioClientTransport({ command: rest[0], args: rest.slice(1), stderr: 'inherit', env: {
        ...getDefaultEnvironment(),
        ...Object.fromEntries(Object.entries(process.env)
          .filter(([k]) => /^(BROKER_|DOCKER_|KERNEL_BROKER_|JAVA_HOME$)/.test(k))),
      } });
    default:
      throw new Error(`unknown transport ${kind}; use sse, http or stdio`);
  }
}

async function callTool(client, cmd) {
  const controller = new AbortController();
  const options = { timeout: cmd.timeoutMs ?? 60000, signal: controller.signal };
  if (cmd.withProgress) {
    options.resetTimeoutOnProgress = true;
    options.onprogress = (p) => emit({ id: cmd.id, event: 'progress', progress: p.progress, message: p.message ?? null });
  }
  if (cmd.cancelAfterMs !== undefined) {
    setTimeout(() => controller.abort('cancelled by test'), cmd.cancelAfterMs);
  }
  return client.callTool({ name: cmd.name, arguments: cmd.arguments ?? {} }, undefined, options);
}

async function callToolTask(client, cmd) {
  const stream = client.experimental.tasks.callToolStream(
    { name: cmd.name, arguments: cmd.arguments ?? {} }, CallToolResultSchema,
    { task: { ttl: cmd.ttlMs ?? 600000 }, timeout: cmd.timeoutMs ?? 60000 });
  const messages = [];
  for await (const message of stream) {
    const plain = { type: message.type, task: message.task ?? null, result: message.result ?? null,
      error: message.error ? describe(message.error) : null };
    messages.push(plain);
    emit({ id: cmd.id, event: 'taskMessage', message: plain });
  }
  return { messages };
}

async function run(client, transport, cmd) {
  const tasks = client.experimental.tasks;
  switch (cmd.cmd) {
    case 'callToolTask': return callToolTask(client, cmd);
    case 'getTask': return tasks.getTask(cmd.taskId);
    case 'getTaskResult': return tasks.getTaskResult(cmd.taskId, CallToolResultSchema, { timeout: cmd.timeoutMs ?? 60000 });
    case 'listTasks': return tasks.listTasks(cmd.cursor);
    case 'cancelTask': return tasks.cancelTask(cmd.taskId);
    case 'listTools': return client.listTools();
    case 'callTool': return callTool(client, cmd);
    case 'ping': return client.ping();
    case 'setLevel': return client.setLoggingLevel(cmd.level);
    case 'terminate': await transport.terminateSession(); return {};
    case 'listResources': return client.listResources(cmd.cursor ? { cursor: cmd.cursor } : undefined);
    case 'readResource': return client.readResource({ uri: cmd.uri });
    case 'listResourceTemplates': return client.listResourceTemplates();
    default: throw new Error(`unknown command ${cmd.cmd}`);
  }
}

async function main() {
  const parsed = parseArgs(process.argv.slice(2));
  const transport = makeTransport(parsed);
  const client = new Client({ name: 'kernel-broker-test-driver', version: '1.0.0' });
  client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => emit({ event: 'log', params: n.params }));
  for (const schema of [ToolListChangedNotificationSchema, TaskStatusNotificationSchema,
    ResourceListChangedNotificationSchema]) {
    client.setNotificationHandler(schema, (n) => emit({ event: 'notification', method: n.method, params: n.params ?? null }));
  }
  transport.onerror = (err) => emit({ event: 'transportError', error: describe(err) });
  await client.connect(transport);
  if (parsed.protocol && transport.setProtocolVersion) {
    transport.setProtocolVersion(parsed.protocol);
  }
  emit({
    event: 'connected',
    serverInfo: client.getServerVersion() ?? null,
    capabilities: client.getServerCapabilities() ?? null,
    instructions: client.getInstructions() ?? null,
    protocolVersion: transport.protocolVersion ?? null,
    sessionId: transport.sessionId ?? null,
  });

  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const cmd = JSON.parse(line);
    if (cmd.cmd === 'close') {
      await client.close();
      emit({ id: cmd.id, event: 'closed' });
      process.exit(0);
    }
    run(client, transport, cmd).then(
      (result) => emit({ id: cmd.id, ok: true, result }),
      (err) => emit({ id: cmd.id, ok: false, error: describe(err) }),
    );
  }
  await client.close();
  process.exit(0);
}

main().catch((err) => {
  emit({ event: 'fatal', error: describe(err) });
  process.exit(1);
});
