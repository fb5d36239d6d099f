#!/usr/bin/env bash
# Cost of the security checks of issue 13 on the hot paths of benchmarks/channel.sh and
# benchmarks/gateway.sh, measured piece by piece with JMH (dev.switchboard.bench.checks): for each
# check added on a per-publish or per-delivery path (StrictJson decoding of requests and acks;
# the server's access check and input gate were measured at 1a43597), what 48caaca ran and what runs now, side by side in one
# JMH run, on the frames those benchmarks send; average time per operation and bytes allocated per
# operation (-prof gc), and the JVM's CPU time per operation, which on a shared machine is steadier
# than the average time (it leaves out the waits for a core). End-to-end runs on a shared machine cannot resolve a few per cent; these
# deltas, summed per delivery, are compared with the CPU per delivery of the end-to-end runs
# (docs/benchmarks.md).
#
# usage: benchmarks/checks.sh [--rebuild] [options of ChecksMain]
#   --rebuild        run `mvn -B -q install -DskipTests` first even when nothing looks stale
#   --jvm-flag F     one more JVM flag for the JMH JVMs (repeatable)
#   --forks N (default 3), --warmups N (5), --iterations N (10), --seconds S per iteration (1),
#   --include REGEX  the benchmarks to run (default all of dev.switchboard.bench.checks)
#   --quick          1 fork, 2 warm-ups, 3 iterations: checks that everything works (~1 minute)
#
# Builds what is missing, runs JMH (its forked JVMs inherit the flags of the first) in a process
# group of its own and prints the report (markdown) on standard output; the report and JMH's raw
# results (JSON) are also written to benchmarks/results/. The full run takes about 10 minutes.
# The steps are shared with the other benchmarks: benchmarks/lib/bench-run.sh.
set -euo pipefail

bench_name=checks
main_class=dev.switchboard.bench.checks.ChecksMain
bench_redis=false
# shellcheck source=lib/bench-run.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib/bench-run.sh"
bench_run "$@"
