'use strict';
// The Node.js side of the JavaScript kernel: runs cells one at a time in this process's main context, so top-level
// let/const/function/class persist between cells as in node's own REPL. Requests and replies are JSON lines on a
// socket whose other end the Python kernel holds (fd KB_CONTROL_FD); the code's own stdout and stderr stay plain
// fds 1 and 2.
const net = require('node:net');
const vm = require('node:vm');
const util = require('node:util');
const path = require('node:path');
const { createRequire } = require('node:module');
// Node's REPL rewrite for top-level await (declarations hoisted out of an async wrapper); needs --expose-internals.
const { processTopLevelAwait } = require('internal/repl/await');

const OWN_FILE = __filename;
const control = new net.Socket({ fd: Number(process.env.KB_CONTROL_FD), readable: true, writable: true });
delete process.env.KB_CONTROL_FD;
let pending = null; // the cell now awaiting a promise: { interrupt() }

globalThis.require = createRequire(path.join(process.cwd(), '[kernel]'));

function reply(message) {
  control.write(JSON.stringify(message) + '\n');
}

function traceback(error) {
  if (!(error instanceof Error) || typeof error.stack !== 'string') {
    return [`Uncaught ${util.inspect(error)}`];
  }
  // The frames below the user's code (this file, vm, node internals) say nothing about the user's code.
  return error.stack.split('\n').filter((line) => !(line.includes(OWN_FILE) || /\((node:|internal\/)/.test(line)
    || /^\s+at (node:|internal\/)/.test(line)));
}

function errorReply(id, error) {
  const isError = error instanceof Error;
  return {
    id,
    status: 'error',
    ename: isError ? String(error.name || 'Error') : 'Uncaught',
    evalue: isError ? String(error.message) : util.inspect(error),
    traceback: traceback(error),
  };
}

function interruptible(promise) {
  return new Promise((resolve, reject) => {
    pending = { interrupt: () => reject(Object.assign(new Error('interrupted'), { kbInterrupted: true })) };
    promise.then(resolve, reject);
  }).finally(() => { pending = null; });
}

function compile(code, filename) {
  const options = { filename };
  if (vm.constants && vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER) {
    options.importModuleDynamically = vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER;
  }
  let wrapped = null;
  if (code.includes('await')) {
    try {
      wrapped = processTopLevelAwait(code);
    } catch (e) {
      wrapped = null; // not parseable as top-level-await code: the plain compile below reports the syntax error
    }
  }
  if (wrapped !== null) {
    try {
      return { script: new vm.Script(wrapped, options), awaited: true };
    } catch (e) {
      // fall through: the original code's own error message is the one that makes sense to its author
    }
  }
  return { script: new vm.Script(code, options), awaited: false };
}

async function runCell({ id, code, cell }) {
  try {
    const { script, awaited } = compile(code, `cell[${cell}]`);
    let value = script.runInThisContext({ breakOnSigint: true, displayErrors: false });
    if (awaited) {
      const box = await interruptible(value);
      value = box === undefined ? undefined : box.value;
    }
    return { id, status: 'ok', result: value === undefined ? null : util.inspect(value) };
  } catch (error) {
    if ((error && error.kbInterrupted) || (error && error.code === 'ERR_SCRIPT_EXECUTION_INTERRUPTED')) {
      return { id, status: 'interrupted' };
    }
    return errorReply(id, error);
  }
}

// is_complete: whether the code parses, and if not, whether more lines could make it (an open block, call or
// template literal) or nothing can (a plain syntax error).
function completeness({ id, code }) {
  try {
    compile(code, 'is_complete');
    return { id, status: 'complete' };
  } catch (error) {
    if (!(error instanceof SyntaxError)) {
      return { id, status: 'unknown' };
    }
    const open = /Unexpected end of input|Unterminated template literal|missing \) after argument list/;
    return { id, status: open.test(error.message) ? 'incomplete' : 'invalid' };
  }
}

// What fails outside any cell (a timer's callback, a forgotten rejection) is reported, as node's REPL does,
// instead of taking the kernel and every binding down with it.
process.on('uncaughtException', (error) => {
  process.stderr.write(`Uncaught ${traceback(error).join('\n')}\n`);
});
process.on('unhandledRejection', (reason) => {
  process.stderr.write(`Uncaught (in promise) ${traceback(reason).join('\n')}\n`);
});
process.on('SIGINT', () => {
  if (pending) {
    pending.interrupt();
  }
});

// A pipe takes what fits at once and node queues the rest, so a cell's output may still be on its way when the
// cell is done: the reply waits until stdout and stderr have handed everything to their pipes, which the Python
// kernel reads before it looks at the reply.
function flushed(stream) {
  if (!stream.writableLength) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    stream.once('drain', resolve);
    stream.once('error', resolve);
    stream.once('close', resolve);
  });
}

async function afterOutput(message) {
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  return message;
}

let buffered = '';
let queue = Promise.resolve();
control.setEncoding('utf8');
control.on('data', (chunk) => {
  buffered += chunk;
  let newline;
  while ((newline = buffered.indexOf('\n')) >= 0) {
    const request = JSON.parse(buffered.slice(0, newline));
    buffered = buffered.slice(newline + 1);
    if (request.op === 'is_complete') {
      queue = queue.then(() => reply(completeness(request)));
    } else {
      queue = queue.then(() => runCell(request)).then(afterOutput).then(reply);
    }
  }
});
control.on('end', () => process.exit(0));
reply({ ready: true, version: process.versions.node });
