#!/usr/bin/env bash
# Channel publish/subscribe benchmark with Workerman PHP clients: 1 publisher to N subscribers
# (N = 1, 10) on one channel, PHP processes speaking Workerman Channel's protocol (frame + PHP
# serialize(), benchmarks/php/) and, in the same run on the same servers, the channel benchmark's
# Java clients speaking the JSON protocol, cells alternating, 3 rounds; on one channel server node
# JVM, then on two federated ones (one Hazelcast cluster). The report gives deliveries/s, p99 and
# the ratio PHP/JSON.
#
# usage: benchmarks/channel-php.sh [--rebuild] [options of ChannelPhpBench]
#   --rebuild        run `mvn -B -q install -DskipTests` first even when nothing looks stale
#   --jvm-flag F     one more JVM flag for the benchmark JVM and every server JVM (repeatable)
#   --no-fj-parallelism  leave the common ForkJoinPool at the JDK default (cores - 1)
#   --quick          0.5 s warm-up + 1 s per cell, 1 round: checks that everything works
#   --warmup S, --duration S, --prewarm S, --rounds N, --subscribers 1,10, --window N,
#   --event-loops N, --no-federated, --php PATH, --php-data string|array, --help (full list)
#
# Needs php-cli (PHP 8; Debian's php-cli package: `apt-get install php-cli`). Builds what is
# missing, runs the benchmark JVM in its own process group and prints the report (markdown) on
# standard output; the report and the raw results (CSV) are also written to benchmarks/results/.
# Every child process (server JVMs, php-cli) is stopped at exit, on failure and on Ctrl-C; the PHP
# scripts also stop when their standard input closes. The steps are shared with the other
# benchmarks: benchmarks/lib/bench-run.sh.
set -euo pipefail

bench_name=channel-php
main_class=dev.switchboard.bench.channel.ChannelPhpBench
bench_redis=false
php_scripts="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/php"
command -v "${PHP:-php}" >/dev/null \
  || { echo "[channel-php.sh] error: php not found (apt-get install php-cli)" >&2; exit 1; }
# shellcheck source=lib/bench-run.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib/bench-run.sh"
bench_run --php "${PHP:-php}" --php-scripts "$php_scripts" "$@"
