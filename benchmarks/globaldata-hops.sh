#!/usr/bin/env bash
# One GlobalData caller's increment, hop by hop (dev.switchboard.bench.globaldata.HopTrace): the
# member-mode set-up of globaldata.sh (this JVM's member plus a member JVM, synchronous backup),
# one caller, System.nanoTime() stamped at each hop; prints a markdown table per key (owned by
# this JVM, owned by the other) on standard output. About a minute. No Redis.
#
# usage: benchmarks/globaldata-hops.sh [--rebuild] [--jvm-flag F] [--operations N]
# The steps are shared with the other benchmarks: benchmarks/lib/bench-run.sh.
set -euo pipefail

bench_name=globaldata-hops
main_class=dev.switchboard.bench.globaldata.HopTrace
bench_redis=false
# shellcheck source=lib/bench-run.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib/bench-run.sh"
bench_run "$@"
