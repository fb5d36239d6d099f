#!/usr/bin/env bash
# GlobalData benchmark: Switchboard GlobalData (increment / cas on a 2-member loopback Hazelcast
# cluster, member mode and client mode) next to Redis INCR (redis-benchmark) on the same machine,
# plus a flight-recorder profile and the 3-node cluster start times.
#
# usage: benchmarks/globaldata.sh [--rebuild] [options of GlobalDataBench]
#   --rebuild        run `mvn -B -q install -DskipTests` first even when nothing looks stale
#   --jvm-flag F     one more JVM flag for the benchmark JVM and every member JVM (repeatable)
#   --no-fj-parallelism  leave the common ForkJoinPool at the JDK default (cores - 1); by default,
#                    on fewer than 3 cores, every JVM gets parallelism 2, as bin/vertx does
#   --quick          1 s warm-up + 1 s per cell: checks that everything works, not figures
#   --warmup S, --duration S, --callers 1,16,64, --keys N, --modes member,client,
#   --ops increment,cas,cas-exchange,update, --no-redis, --no-profile, --no-cluster-start, --help (full list)
#
# Builds what is missing, installs redis-server / redis-tools with apt-get when absent, runs the
# benchmark JVM in its own process group and prints the report (markdown) on standard output;
# the report and the flight recordings are also written to benchmarks/results/. Every child
# process (member JVMs, redis-server) is stopped at exit, on failure and on Ctrl-C.
# The steps are shared with the other benchmarks: benchmarks/lib/bench-run.sh.
set -euo pipefail

bench_name=globaldata
main_class=dev.switchboard.bench.globaldata.GlobalDataBench
# shellcheck source=lib/bench-run.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib/bench-run.sh"
bench_run "$@"
