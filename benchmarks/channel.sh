#!/usr/bin/env bash
# Channel publish/subscribe benchmark: 1 publisher to N subscribers (N = 1, 10, 50) on one
# channel, remote clients in the benchmark JVM, against our channel server (a clustered node JVM)
# and against redis-server 7 SUBSCRIBE / PUBLISH on the same machine in the same run, alternating,
# 3 rounds; then two federated channel servers (two node JVMs, one Hazelcast cluster); then a
# flight-recorder profile of our 1-server cell.
#
# usage: benchmarks/channel.sh [--rebuild] [options of ChannelBench]
#   --rebuild        run `mvn -B -q install -DskipTests` first even when nothing looks stale
#   --jvm-flag F     one more JVM flag for the benchmark JVM and every server JVM (repeatable)
#   --no-fj-parallelism  leave the common ForkJoinPool at the JDK default (cores - 1); by default,
#                    on fewer than 3 cores, every JVM gets parallelism 2, as bin/vertx does
#   --quick          0.5 s warm-up + 1 s per cell, 1 round: checks that everything works
#   --warmup S, --duration S, --prewarm S, --rounds N, --subscribers 1,10,50, --window N,
#   --event-loops N, --profile-subscribers N, --no-redis, --no-federated, --no-profile,
#   --help (full list)
#
# Builds what is missing, installs redis-server / redis-tools with apt-get when absent, runs the
# benchmark JVM in its own process group and prints the report (markdown) on standard output;
# the report, the raw results (CSV) and the flight recordings are also written to
# benchmarks/results/. Every child process (server JVMs, redis-server) is stopped at exit, on
# failure and on Ctrl-C. The steps are shared with the other benchmarks: benchmarks/lib/bench-run.sh.
set -euo pipefail

bench_name=channel
main_class=dev.switchboard.bench.channel.ChannelBench
# shellcheck source=lib/bench-run.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib/bench-run.sh"
bench_run "$@"
