'use strict';
// What the two load generators of benchmarks/gateway.sh (loadgen.js, connect-loadgen.js) share:
// their command-line parsing, their event lines on standard output, and small helpers.

/**
 * Parses a command line; prints the usage and exits 0 on --help, 2 on a bad argument.
 *
 * @param {string[]} args the command line after the script name
 * @param {object} spec what it takes
 * @param {string} spec.usage the usage text
 * @param {object} spec.defaults every option's default, by key
 * @param {Object<string, string>} spec.flags option name to key of the options without a value
 *     (set to true)
 * @param {Object<string, string>} spec.strings option name to key of the options with a text value
 * @param {Object<string, [string, number, number]>} spec.numbers option name to key, minimum and
 *     maximum of the options with a numeric value
 * @returns {object} the defaults with what the command line set
 */
function parseCommandLine(args, spec) {
  const o = { ...spec.defaults };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--help') {
      process.stdout.write(spec.usage);
      process.exit(0);
    } else if (Object.prototype.hasOwnProperty.call(spec.flags, arg)) {
      o[spec.flags[arg]] = true;
    } else if (i + 1 >= args.length) {
      usageError(spec.usage, `${arg} needs a value`);
    } else if (Object.prototype.hasOwnProperty.call(spec.strings, arg)) {
      o[spec.strings[arg]] = args[++i];
    } else if (Object.prototype.hasOwnProperty.call(spec.numbers, arg)) {
      const [key, min, max] = spec.numbers[arg];
      const value = Number(args[++i]);
      if (!Number.isFinite(value) || value < min || value > max) {
        usageError(spec.usage, `${arg} must be between ${min} and ${max}`);
      }
      o[key] = value;
    } else {
      usageError(spec.usage, `unknown option ${arg}`);
    }
  }
  return o;
}

/** Prints the message and the usage on standard error, exits 2. */
function usageError(usage, message) {
  process.stderr.write(`${message}\n${usage}`);
  process.exit(2);
}

/** Prints one event line on standard output. */
function emit(event, fields) {
  process.stdout.write(JSON.stringify({ event, ...fields }) + '\n');
}

/** @returns {Promise<void>} settles after millis (at once when not positive) */
function delay(millis) {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, millis)));
}

/** Splits n as evenly as possible into k shares. */
function shares(n, k) {
  return Array.from({ length: k }, (_, i) => Math.floor(n / k) + (i < n % k ? 1 : 0));
}

/**
 * Runs a load generator's script: as a forked worker when its first argument is --worker, else
 * its main function; a failure of main is logged and exits 1. Nothing when the script is only
 * required (its tests).
 *
 * @param {NodeModule} script the script's module
 * @param {{main: () => Promise<void>, worker: () => void, log: (m: string) => void}} parts
 */
function runScript(script, { main, worker, log }) {
  if (require.main !== script) {
    return;
  }
  if (process.argv[2] === '--worker') {
    worker();
    return;
  }
  main().catch((e) => {
    log(`failed: ${e && e.stack ? e.stack : e}`);
    process.exit(1);
  });
}

module.exports = { parseCommandLine, usageError, emit, delay, shares, runScript };
