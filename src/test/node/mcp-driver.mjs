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
// Commands run concurrently; answers carry the command's id.
import { createInterface } from 'node:readline';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import { LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js';

const emit = (event) => process.stdout.write(JSON.stringify(event) + '\n');
const describe = (err) => ({ message: String(err?.message ?? err), code: err?.code ?? null, name: err?.name ?? null });

function parseArgs(argv) {
  const args = [...argv];
  let token;
  let sessionId;
  let protocolVersion;
  for (;;) {
    if (args[0] === '--token') {
      args.shift();
      token = args.shift();
    } else if (args[0] === '--session') {
      args.shift();
      sessionId = args.shift();
    } else if (args[0] === '--protocol') {
      args.shift();
      protocolVersion = args.shift();
    } else {
      break;
    }
  }
  const kind = args.shift();
  return { kind, token, sessionId, protocolVersion, rest: args };
}

function makeTransport({ kind, token, sessionId, protocolVersion, rest }) {
  const requestInit = token ? { headers: { Authorization: `Bearer ${token}` } } : undefined;
  switch (kind) {
    case 'sse':
      return new SSEClientTransport(new URL(rest[0]), { requestInit });
    case 'http': {
      const transport = new StreamableHTTPClientTransport(new URL(rest[0]), { requestInit, sessionId });
      if (protocolVersion) transport.setProtocolVersion(protocolVersion);
      return transport;
    }
    case 'stdio':
      // The SDK passes only a safe subset of the environment; the server's own settings must reach it too.
      return new StdioClientTransport({ command: rest[0], args: rest.slice(1), stderr: 'inherit', env: {
        ...getDefaultEnvironment(),
        ...Object.fromEntries(Object.entries(process.env).filter(([k]) => /^(BROKER_|DOCKER_)/.test(k))),
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

async function run(client, transport, cmd) {
  switch (cmd.cmd) {
    case 'listTools': return client.listTools();
    case 'callTool': return callTool(client, cmd);
    case 'ping': return client.ping();
    case 'setLevel': return client.setLoggingLevel(cmd.level);
    case 'terminate': await transport.terminateSession(); return {};
    default: throw new Error(`unknown command ${cmd.cmd}`);
  }
}

async function main() {
  const parsed = parseArgs(process.argv.slice(2));
  const transport = makeTransport(parsed);
  const client = new Client({ name: 'kernel-broker-test-driver', version: '1.0.0' });
  client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => emit({ event: 'log', params: n.params }));
  transport.onerror = (err) => emit({ event: 'transportError', error: describe(err) });
  await client.connect(transport);
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
