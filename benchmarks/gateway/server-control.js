'use strict';
// What the two Node peers of benchmarks/gateway.sh share: the command line (--port P), the ready
// line, and the line commands the benchmark sends on standard input.
//
// Standard input, one command a line:
//   mem   collect garbage (node runs with --expose-gc), then answer one JSON line on standard
//         output: {"rss":..,"heapUsed":..,"heapTotal":..,"external":..,"arrayBuffers":..,
//         "connections":..}, all in bytes except connections
// When standard input ends (the benchmark JVM is gone), the process exits.

const readline = require('node:readline');

/**
 * @param {string[]} args the command line after the script name
 * @returns {number} the port of --port (0, the default, asks for a free one)
 */
function portArgument(args) {
  let port = 0;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--port' && i + 1 < args.length) {
      port = Number(args[++i]);
    } else {
      fail(`unknown argument ${args[i]} (usage: --port P)`);
    }
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    fail(`bad port ${port}`);
  }
  return port;
}

/**
 * Prints the one line the benchmark waits for.
 *
 * @param {number} port the port listened on
 */
function ready(port) {
  process.stdout.write(`READY port=${port}\n`);
}

/**
 * Answers the commands on standard input; exits when it ends.
 *
 * @param {() => number} connections how many clients are connected now
 */
function serve(connections) {
  const lines = readline.createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    const command = line.trim();
    if (command === 'mem') {
      if (typeof global.gc === 'function') {
        global.gc();
      }
      const m = process.memoryUsage();
      process.stdout.write(JSON.stringify({
        rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external,
        arrayBuffers: m.arrayBuffers, gc: typeof global.gc === 'function',
        connections: connections(),
      }) + '\n');
    } else if (command.length > 0) {
      process.stderr.write(`unknown command: ${command}\n`);
    }
  });
  lines.on('close', () => process.exit(0));
}

function fail(message) {
  process.stderr.write(message + '\n');
  process.exit(2);
}

module.exports = { portArgument, ready, serve };
