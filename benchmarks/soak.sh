#!/usr/bin/env bash
# Soak: 3 clustered node JVMs on 127.0.0.1 (dev.switchboard.bench.soak.SoakNode: a gateway, a
# channel server and GlobalData each) under mixed load from the benchmark JVM for a given
# duration (default 30 minutes):
#   - WebSocket clients that keep joining and leaving groups, and a sender per node asking for a
#     group send every 100 ms: every member must receive every acknowledged send made while it
#     was a member, once;
#   - channel publishers and subscribers (remote clients failing over across the 3 servers):
#     every acknowledged publish once and in order at every subscriber;
#   - GlobalData increments of one key: acknowledged <= final value <= acknowledged + failed;
#   - a slow consumer (a WebSocket client reading one message every 100 ms from a group filled
#     with 8 KiB every 20 ms): its gateway's send buffer bound and overflow policy (DROP);
#   - a node stopped (SIGTERM) and started again on the same ports every few minutes, by turns;
#     clients reconnect. What overlaps a restart is counted apart from the steady state.
# Every node is sampled at intervals: heap in use after a full collection forced with
# `jcmd PID GC.run`, open descriptors (/proc/PID/fd), threads (/proc/PID/status); each node's
# heap, descriptors and threads must plateau.
#
# usage: benchmarks/soak.sh [--rebuild] [options of SoakBench]
#   --rebuild        run `mvn -B -q install -DskipTests` first even when nothing looks stale
#   --jvm-flag F     one more JVM flag for the benchmark JVM and every node JVM (repeatable)
#   --no-fj-parallelism  leave the common ForkJoinPool at the JDK default (cores - 1); by default,
#                    on fewer than 3 cores, every JVM gets parallelism 2, as bin/vertx does
#   --quick          a 2-minute run, a restart every 40 s: checks that everything works
#   --duration S (default 1800), --restart-every S (default 300, 0: none), --sample-every S
#   (default 30), --warmup S, --settle S, --group-clients N, --groups N, --channel-clients N,
#   --counter-callers N, --max-send-buffer BYTES, --results DIR, --help (full list)
#
# Builds what is missing, runs the benchmark JVM in its own process group and prints the report
# (markdown) on standard output; the report and the raw samples (CSV) are also written to
# benchmarks/results/soak-<date>-<time>.{md,csv}. The exit status is 0 when every promise held
# and every plateau check passed; otherwise 1, and the report's "Checks" section (and standard
# error) says which. Every node JVM is stopped at exit, on failure and on Ctrl-C. The build and
# run steps are shared with the other benchmarks: benchmarks/lib/bench-run.sh (its Maven calls
# read MAVEN_OPTS: give them a local repository of their own, e.g.
# MAVEN_OPTS=-Dmaven.repo.local=/tmp/m2-soak benchmarks/soak.sh).
set -euo pipefail

bench_name=soak
main_class=dev.switchboard.bench.soak.SoakBench
bench_redis=false
# shellcheck source=lib/bench-run.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib/bench-run.sh"

command -v jcmd >/dev/null || [[ -x $(dirname "$(readlink -f "$(command -v java)")")/jcmd ]] \
  || bench_die "jcmd not found (a JDK is needed, not a JRE: the heap is sampled with jcmd)"
bench_run "$@"
