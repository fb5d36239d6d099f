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
#   --ops increment,cas, --no-redis, --no-profile, --no-cluster-start, --help (full list)
#
# Builds what is missing, installs redis-server / redis-tools with apt-get when absent, runs the
# benchmark JVM in its own process group and prints the report (markdown) on standard output;
# the report and the flight recordings are also written to benchmarks/results/. Every child
# process (member JVMs, redis-server) is stopped at exit, on failure and on Ctrl-C.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
results="$here/results"
main_class=dev.switchboard.bench.GlobalDataBench
cp_file="$here/target/globaldata.classpath"

log() { printf '[globaldata.sh] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

rebuild=false
with_redis=true
fj_parallelism=true
extra_flags=()
args=()
while (($# > 0)); do
  case "$1" in
    --rebuild) rebuild=true ;;
    --jvm-flag)
      (($# > 1)) || die "--jvm-flag needs a value"
      [[ $2 != *[[:space:]]* ]] || die "--jvm-flag takes one flag without spaces: $2"
      extra_flags+=("$2")
      shift ;;
    --no-fj-parallelism) fj_parallelism=false ;;
    --no-redis) with_redis=false; args+=("$1") ;;
    *) args+=("$1") ;;
  esac
  shift
done

command -v java >/dev/null || die "java not found (Java 17 is needed)"
command -v mvn >/dev/null || die "mvn not found (Maven 3.8 is needed)"

# --- build what is missing ---------------------------------------------------------------------
version=$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' "$root/pom.xml" | head -n 1)
[[ -n $version ]] || die "cannot read the project version from $root/pom.xml"
jar="$here/target/benchmarks-$version.jar"

stale() {
  $rebuild && return 0
  [[ -f $jar ]] || return 0
  grep -aq 'dev/switchboard/bench/GlobalDataBench.class' "$jar" || return 0
  local newer
  newer=$(find "$root/pom.xml" "$here/pom.xml" "$here/src" \
    "$root/global-data/pom.xml" "$root/global-data/src/main" \
    "$root/testkit/pom.xml" "$root/testkit/src/main" \
    -type f -newer "$jar" -print -quit 2>/dev/null)
  [[ -n $newer ]]
}

build() {
  log "building: mvn -B -q install -DskipTests"
  (cd "$root" && mvn -B -q install -DskipTests) >&2
  # the jar plugin keeps an unchanged jar: mark it as built now so that it is not seen as stale
  touch "$jar"
}

classpath_ok() {
  [[ -s $cp_file && ! $root/pom.xml -nt $cp_file && ! $here/pom.xml -nt $cp_file ]] || return 1
  local entry
  IFS=":" read -ra entries < "$cp_file" || true  # no newline at the end: read says EOF
  for entry in "${entries[@]}"; do
    [[ -e $entry ]] || return 1
  done
}

make_classpath() {
  (cd "$root" && mvn -B -q -pl benchmarks dependency:build-classpath \
    -Dmdep.includeScope=runtime -Dmdep.outputFile="$cp_file") >&2
}

if stale; then
  build
fi
if ! classpath_ok; then
  log "resolving the class path"
  if ! make_classpath || ! classpath_ok; then
    build
    make_classpath
  fi
fi

# --- redis ---------------------------------------------------------------------------------------
if $with_redis && ! { command -v redis-server && command -v redis-benchmark; } >/dev/null; then
  log "installing redis-server and redis-tools with apt-get"
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq redis-server redis-tools >/dev/null
fi

# --- JVM flags -----------------------------------------------------------------------------------
hz_flags=$(sed -n 's:.*<hazelcast.jvm.flags>\(.*\)</hazelcast.jvm.flags>.*:\1:p' "$root/pom.xml")
[[ -n $hz_flags ]] || die "cannot read hazelcast.jvm.flags from $root/pom.xml"
read -ra hz_array <<< "$hz_flags"
# as bin/vertx: Hazelcast runs its asynchronous callbacks on the common ForkJoinPool only when its
# parallelism is at least 2 (else on a new thread each), and the JDK default is cores - 1
fj_flag=-Djava.util.concurrent.ForkJoinPool.common.parallelism
if $fj_parallelism && [[ $(nproc 2>/dev/null || echo 1) -lt 3 ]] \
    && [[ " ${extra_flags[*]} " != *" $fj_flag="* ]]; then
  extra_flags+=("$fj_flag=2")
fi
# extra flags (--jvm-flag) go to the benchmark JVM and to every member JVM it starts
child_flags="$hz_flags${extra_flags[*]:+ ${extra_flags[*]}}"

# --- clean-up: the benchmark JVM runs in a process group of its own, stopped whatever happens -----
pgid=""
run_lib=""
marker=$(mktemp)
cleanup() {
  local rc=$?
  trap - EXIT INT TERM HUP
  if [[ -n $pgid ]] && kill -0 -- "-$pgid" 2>/dev/null; then
    log "stopping the benchmark JVM and what it started (process group $pgid)"
    kill -TERM -- "-$pgid" 2>/dev/null || true
    # the JVM's shutdown hook stops its child JVMs and redis-server; give it 30 s at most
    timeout 30 tail -s 0.2 --pid="$pgid" -f /dev/null || true
    kill -KILL -- "-$pgid" 2>/dev/null || true
  fi
  rm -rf "$run_lib" "$marker"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# --- private copies of the project's own jars -------------------------------------------------
# another build running `mvn install` meanwhile would rewrite the SNAPSHOT jars under the running
# JVMs (classes then fail to load), so the benchmark runs on copies of them
run_lib=$(mktemp -d "${TMPDIR:-/tmp}/switchboard-globaldata-lib.XXXXXX")
cp "$jar" "$run_lib/"
run_cp="$run_lib/$(basename "$jar")"
IFS=":" read -ra entries < "$cp_file" || true  # no newline at the end: read says EOF
for entry in "${entries[@]}"; do
  if [[ $entry == *-SNAPSHOT* ]]; then
    cp "$entry" "$run_lib/"
    entry="$run_lib/$(basename "$entry")"
  fi
  run_cp+=":$entry"
done

java_cmd=(java "${hz_array[@]}" "${extra_flags[@]}" -Xms1g -Xmx1g -XX:+UseSerialGC
  -Dhazelcast.logging.type=slf4j -Dhazelcast.phone.home.enabled=false
  -Dhazelcast.wait.seconds.before.join=0 -Djava.net.preferIPv4Stack=true
  -Dvertx.logger-delegate-factory-class-name=io.vertx.core.logging.SLF4JLogDelegateFactory
  -Dlogback.configurationFile=logback-bench.xml
  "-Dswitchboard.jvm.flags=$child_flags"
  -cp "$run_cp"
  "$main_class" --results "$results" "${args[@]}")

# --- run ---------------------------------------------------------------------------------------
mkdir -p "$results"
log "running $main_class (logs on standard error, report on standard output)"
# not a process-group leader here (no job control), so setsid execs the JVM in place: $! is
# both the JVM's pid and its new process group id
setsid "${java_cmd[@]}" &
pgid=$!
status=0
wait "$pgid" || status=$?
report=$(find "$results" -maxdepth 1 -name 'globaldata-*.md' -newer "$marker" -print -quit)
if [[ -n $report ]]; then
  log "report: $report"
fi
exit "$status"
