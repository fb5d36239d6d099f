# Shared driver of the benchmark scripts (benchmarks/globaldata.sh, benchmarks/channel.sh,
# benchmarks/gateway.sh): builds what is missing, installs redis-server / redis-tools with apt-get
# when absent, runs the benchmark's main class in a process group of its own on private copies of
# the project's SNAPSHOT jars, and stops that process group at exit, on failure and on Ctrl-C.
#
# Sourced, not run. The caller sets, before calling bench_run "$@":
#   bench_name   the benchmark's name: log prefix, temporary directory, report file prefix
#   main_class   the main class in the benchmarks jar
# and may set:
#   bench_redis  false when the benchmark needs no redis: nothing is installed (default true)
#
# Options handled here (the others go to the main class):
#   --rebuild            run `mvn -B -q install -DskipTests` first even when nothing looks stale
#   --jvm-flag F         one more JVM flag for the benchmark JVM and every child JVM (repeatable)
#   --no-fj-parallelism  leave the common ForkJoinPool at the JDK default (cores - 1); by default,
#                        on fewer than 3 cores, every JVM gets parallelism 2, as bin/vertx does
#   --no-redis           do not install redis (also passed on to the main class)

bench_here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bench_root=$(dirname "$bench_here")

bench_log() { printf '[%s.sh] %s\n' "$bench_name" "$*" >&2; }
bench_die() { bench_log "error: $*"; exit 1; }

bench_run() {
  local here=$bench_here root=$bench_root
  local results="$here/results"
  local cp_file="$here/target/benchmarks.classpath"
  local rebuild=false with_redis=${bench_redis:-true} fj_parallelism=true
  local -a extra_flags=() args=()
  while (($# > 0)); do
    case "$1" in
      --rebuild) rebuild=true ;;
      --jvm-flag)
        (($# > 1)) || bench_die "--jvm-flag needs a value"
        [[ $2 != *[[:space:]]* ]] || bench_die "--jvm-flag takes one flag without spaces: $2"
        extra_flags+=("$2")
        shift ;;
      --no-fj-parallelism) fj_parallelism=false ;;
      --no-redis) with_redis=false; args+=("$1") ;;
      *) args+=("$1") ;;
    esac
    shift
  done

  command -v java >/dev/null || bench_die "java not found (Java 17 is needed)"
  command -v mvn >/dev/null || bench_die "mvn not found (Maven 3.8 is needed)"

  # --- build what is missing -------------------------------------------------------------------
  local version jar
  version=$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' "$root/pom.xml" | head -n 1)
  [[ -n $version ]] || bench_die "cannot read the project version from $root/pom.xml"
  jar="$here/target/benchmarks-$version.jar"
  local main_entry="${main_class//.//}.class"

  stale() {
    $rebuild && return 0
    [[ -f $jar ]] || return 0
    grep -aq "$main_entry" "$jar" || return 0
    local newer module
    local -a inputs=("$root/pom.xml" "$here/pom.xml" "$here/src")
    # the modules the benchmarks depend on
    for module in testkit core channel-client channel-server global-data gateway-verticles; do
      inputs+=("$root/$module/pom.xml" "$root/$module/src/main")
    done
    newer=$(find "${inputs[@]}" -type f -newer "$jar" -print -quit 2>/dev/null)
    [[ -n $newer ]]
  }

  build() {
    bench_log "building: mvn -B -q install -DskipTests"
    (cd "$root" && mvn -B -q install -DskipTests) >&2
    # the jar plugin keeps an unchanged jar: mark it as built now so that it is not seen as stale
    touch "$jar"
  }

  classpath_ok() {
    [[ -s $cp_file ]] || return 1
    local pom entry
    for pom in "$root"/pom.xml "$root"/*/pom.xml; do  # a module or a dependency added or changed
      [[ $pom -nt $cp_file ]] && return 1
    done
    local -a entries
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
    rm -f "$cp_file" # what was installed may depend on other modules now
  fi
  if ! classpath_ok; then
    bench_log "resolving the class path"
    if ! make_classpath || ! classpath_ok; then
      build
      make_classpath
    fi
  fi

  # --- redis -------------------------------------------------------------------------------------
  if $with_redis && ! { command -v redis-server && command -v redis-benchmark; } >/dev/null; then
    bench_log "installing redis-server and redis-tools with apt-get"
    local sudo=""
    [[ $(id -u) -eq 0 ]] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq redis-server redis-tools >/dev/null
  fi

  # --- JVM flags ---------------------------------------------------------------------------------
  local hz_flags
  hz_flags=$(sed -n 's:.*<hazelcast.jvm.flags>\(.*\)</hazelcast.jvm.flags>.*:\1:p' "$root/pom.xml")
  [[ -n $hz_flags ]] || bench_die "cannot read hazelcast.jvm.flags from $root/pom.xml"
  local -a hz_array
  read -ra hz_array <<< "$hz_flags"
  # as bin/vertx: Hazelcast runs its asynchronous callbacks on the common ForkJoinPool only when
  # its parallelism is at least 2 (else on a new thread each), and the JDK default is cores - 1
  local fj_flag=-Djava.util.concurrent.ForkJoinPool.common.parallelism
  if $fj_parallelism && [[ $(nproc 2>/dev/null || echo 1) -lt 3 ]] \
      && [[ " ${extra_flags[*]} " != *" $fj_flag="* ]]; then
    extra_flags+=("$fj_flag=2")
  fi
  # extra flags (--jvm-flag) go to the benchmark JVM and to every child JVM it starts
  local child_flags="$hz_flags${extra_flags[*]:+ ${extra_flags[*]}}"

  # --- clean-up: the benchmark JVM runs in a process group of its own, stopped whatever happens ---
  bench_pgid=""
  bench_lib=""
  bench_marker=$(mktemp)
  trap bench_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  trap 'exit 129' HUP

  # --- private copies of the project's own jars ------------------------------------------------
  # another build running `mvn install` meanwhile would rewrite the SNAPSHOT jars under the running
  # JVMs (classes then fail to load), so the benchmark runs on copies of them
  bench_lib=$(mktemp -d "${TMPDIR:-/tmp}/switchboard-$bench_name-lib.XXXXXX")
  cp "$jar" "$bench_lib/"
  local run_cp="$bench_lib/$(basename "$jar")" entry
  local -a entries
  IFS=":" read -ra entries < "$cp_file" || true  # no newline at the end: read says EOF
  for entry in "${entries[@]}"; do
    if [[ $entry == *-SNAPSHOT* ]]; then
      cp "$entry" "$bench_lib/"
      entry="$bench_lib/$(basename "$entry")"
    fi
    run_cp+=":$entry"
  done

  local -a java_cmd=(java "${hz_array[@]}" "${extra_flags[@]}" -Xms1g -Xmx1g -XX:+UseSerialGC
    -Dhazelcast.logging.type=slf4j -Dhazelcast.phone.home.enabled=false
    -Dhazelcast.wait.seconds.before.join=0 -Djava.net.preferIPv4Stack=true
    -Dvertx.logger-delegate-factory-class-name=io.vertx.core.logging.SLF4JLogDelegateFactory
    -Dlogback.configurationFile=logback-bench.xml
    "-Dswitchboard.jvm.flags=$child_flags"
    -cp "$run_cp"
    "$main_class" --results "$results" "${args[@]}")

  # --- run -------------------------------------------------------------------------------------
  mkdir -p "$results"
  bench_log "running $main_class (logs on standard error, report on standard output)"
  # not a process-group leader here (no job control), so setsid execs the JVM in place: $! is
  # both the JVM's pid and its new process group id
  setsid "${java_cmd[@]}" &
  bench_pgid=$!
  local status=0 report
  wait "$bench_pgid" || status=$?
  report=$(find "$results" -maxdepth 1 -name "$bench_name-*.md" -newer "$bench_marker" -print -quit)
  if [[ -n $report ]]; then
    bench_log "report: $report"
  fi
  exit "$status"
}

bench_cleanup() {
  local rc=$?
  trap - EXIT INT TERM HUP
  if [[ -n $bench_pgid ]] && kill -0 -- "-$bench_pgid" 2>/dev/null; then
    bench_log "stopping the benchmark JVM and what it started (process group $bench_pgid)"
    kill -TERM -- "-$bench_pgid" 2>/dev/null || true
    # the JVM's shutdown hook stops its child JVMs and redis-server; give it 30 s at most
    timeout 30 tail -s 0.2 --pid="$bench_pgid" -f /dev/null || true
    kill -KILL -- "-$bench_pgid" 2>/dev/null || true
  fi
  rm -rf "$bench_lib" "$bench_marker"
  exit "$rc"
}
