'use strict';
// What the two Node peers of benchmarks/gateway.sh share: the command line (--port P), the ready
// line, and the line commands the benchmark sends on standard input.
//
// Standard input, one command a line:
//   mem   collect garbage (node runs with --expose-gc), then answer one JSON line on standard
//         output: {"rss":..,"heapUsed":..,"heapTotal":..,"external":..,"arrayBuffers":..,
//         "connections":..}, all in bytes except connections
//   and the commands a server adds (serve's second argument), each answering one JSON line
// When standard input ends (the benchmark JVM is gone), the process exits.

const readline = require('node:readline');

/**
 * @param {string[]} args the command line after the script name
 * @returns {number} the port of --port (0, the default, asks for a free one)
 */
function portArgument(args) {
  return parseOptions(args, {}).port;
}

/**
 * Reads --port P and the named options a server adds.
 *
 * @param {string[]} args the command line after the script name
 * @param {Object<string, string>} defaults more options (without their "--") and their defaults
 * @returns {Object<string, *>} port (a number) and each option's value
 */
function parseOptions(args, defaults) {
  const values = { port: '0', ...defaults };
  const usage = Object.keys(values).map((k) => `--${k} ${k === 'port' ? 'P' : 'V'}`).join(' ');
  for (let i = 0; i < args.length; i++) {
    const key = args[i].startsWith('--') ? args[i].slice(2) : null;
    if (key !== null && key in values && i + 1 < args.length) {
      values[key] = args[++i];
    } else {
      fail(`unknown argument ${args[i]} (usage: ${usage})`);
    }
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    fail(`bad port ${values.port}`);
  }
  return { ...values, port };
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
 * @param {Object<string, (args: string[]) => Promise<object>>} more more commands: each gets the
 *     words after its name and answers with the object printed as one JSON line
 */
function serve(connections, more = {}) {
  const lines = readline.createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    const [command, ...args] = line.trim().split(/\s+/);
    if (Object.prototype.hasOwnProperty.call(more, command)) {
      more[command](args).then(
        (answer) => process.stdout.write(JSON.stringify(answer) + '\n'),
        (e) => process.stderr.write(`${command} failed: ${e && e.stack ? e.stack : e}\n`));
    } else if (command === 'mem') {
      if (typeof global.gc === 'function') {
        global.gc();
      }
      const m = process.memoryUsage();
      process.stdout.write(JSON.stringify({
        rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external,
        arrayBuffers: m.arrayBuffers, gc: typeof global.gc === 'function',
        connections: connections(),
      }) + '\n');
    } else if (command !== undefined && command.length > 0) {
      process.stderr.write(`unknown command: ${command}\n`);
    }
  });
  lines.on('close', () => process.exit(0));
}

function fail(message) {
  process.stderr.write(message + '\n');
  process.exit(2);
}

module.exports = { portArgument, parseOptions, ready, serve, fail };
