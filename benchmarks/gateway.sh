#!/usr/bin/env bash
# Gateway broadcast benchmark: our WebSocket gateway (GatewayBenchServer, a child JVM) side by
# side with a Socket.IO 4 server (one Node process, io.emit) and a plain ws 8 broadcast server
# (one Node process, clients.forEach(send)) on the same machine in the same run, under one Node
# load generator for all three (benchmarks/gateway/loadgen.js), servers alternating, 3 rounds:
#   1. broadcast fan-out: 5,000 connections, a 128-byte message every 10 ms, deliveries/s and
#      send-to-receive latency, ours/Socket.IO and ours/ws;
#   2. memory per idle connection at 10,000 connections (RSS and heap after a full collection);
#   3. slow-consumer isolation: 1,000 normal clients with and without 10 stalled ones, normal
#      clients' p99 and the server's memory growth;
#   4. cross-node group send (opt-in: --scenarios groupsend, about 6 minutes): 2 clustered
#      gateway node JVMs x 2,500 WebSocket connections in one group, a group send every 10 ms
#      from a third clustered JVM (Gateway.sendToGroup), against Socket.IO 4 on 2 Node processes
#      with @socket.io/redis-adapter over a private redis-server 7 and a third Node process
#      emitting to the room; deliveries/s, p50/p99, ours/Socket.IO (target >= 2x at a lower p99);
#   5. connections accepted per second (opt-in: --scenarios connect, about 7 minutes): 64 clients
#      connecting, confirmed, closing, again, against ours and Socket.IO 4, each without and with
#      an HS256 JWT check of the same token (ours: the gateway's jwt option; Socket.IO: an io.use
#      middleware on jsonwebtoken); connections/s, handshake p50/p99, server CPU per connection;
#   6. scale on one node (opt-in: --scenarios idle100k,broadcast100k, about 4 minutes a round,
#      estimated): 100,000 idle WebSocket connections to our server with heartbeats on (time to
#      accept, memory per connection, heap, idle CPU, event-loop delay during ping sweeps), then a
#      128-byte broadcast to them every second (deliveries/s, p99);
#   7. reconnect storm (opt-in: --scenarios storm, about 1 minute a round, estimated): 20,000
#      clients on node A, A killed, the clients back on node B with backoff and full jitter.
#      The scale scenarios need an open-files limit of 112,222 ((connections + 1,000) x 10/9; raised here when run as root) and
#      check the kernel limits they depend on (logged, never changed).
#
# usage: benchmarks/gateway.sh [--rebuild] [options of GatewayBench]
#   --rebuild        run `mvn -B -q install -DskipTests` first even when nothing looks stale
#   --jvm-flag F     one more JVM flag for the benchmark JVM and our server JVM (repeatable)
#   --no-fj-parallelism  leave the common ForkJoinPool at the JDK default (cores - 1); by default,
#                    on fewer than 3 cores, every JVM gets parallelism 2, as bin/vertx does
#   --quick          1 round of short, small runs (under 2 minutes): checks that everything works
#   --scenarios fanout,memory,slow[,groupsend][,connect][,idle100k][,broadcast100k][,storm]
#                    (default the first three),
#   --servers ours,socketio,ws, --group-servers ours,socketio, --rounds N, --connections N,
#   --interval MS, --duration S, --idle-connections N, --slow-clients N, --stalled N,
#   --max-send-buffer BYTES, --loadgen-workers K, --connect-servers LIST,
#   --connect-concurrency C, --connect-workers K, --connect-warmup S, --connect-duration S,
#   --scale-connections N, --scale-workers K, --scale-sources N, --ping-interval MS,
#   --storm-connections N, --storm-max-connections N, --help (full list)
#
# Installs the Node packages (npm ci in benchmarks/gateway, from its package-lock.json) when
# node_modules is missing or older than the lock file, raises the open-files limit of this shell
# to its hard limit, installs redis-server and redis-tools with apt-get when groupsend is asked
# for and they are missing, builds what is missing, runs the benchmark JVM in its own process
# group and prints the report (markdown) on standard output; the report and the raw results
# (CSV) are also written to benchmarks/results/. Every child process (server JVMs, Node servers,
# redis-server, load generators) is stopped at exit, on failure and on Ctrl-C. The build and run
# steps are shared with the other benchmarks: benchmarks/lib/bench-run.sh.
set -euo pipefail

bench_name=gateway
main_class=dev.switchboard.bench.gateway.GatewayBench
# redis-server only for the group send's Socket.IO side (its redis adapter)
bench_redis=false
# the scale scenarios (idle100k, broadcast100k, storm) need a descriptor per connection on each side
gateway_scale=false
gateway_scale_connections=100000
gateway_scale_sources=8
gateway_storm_connections=20000
gateway_storm_only=false
gateway_previous=""
for gateway_arg in "$@"; do
  if [[ $gateway_previous == --scenarios && ,$gateway_arg, == *,groupsend,* ]]; then
    bench_redis=true
  fi
  if [[ $gateway_previous == --scenarios && ,$gateway_arg, =~ ,(idle100k|broadcast100k|storm), ]]; then
    gateway_scale=true
    # the storm alone holds its own clients only
    [[ ,$gateway_arg, =~ ,(idle100k|broadcast100k), ]] || gateway_storm_only=true
  fi
  case $gateway_previous in
    --scale-connections) gateway_scale_connections=$gateway_arg ;;
    --scale-sources) gateway_scale_sources=$gateway_arg ;;
    --storm-connections) gateway_storm_connections=$gateway_arg ;;
  esac
  if [[ $gateway_arg == --quick ]]; then
    gateway_scale_connections=5000
    gateway_scale_sources=2
    gateway_storm_connections=2000
  fi
  gateway_previous=$gateway_arg
done
if $gateway_storm_only; then
  gateway_scale_connections=$gateway_storm_connections
fi
gateway_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib/bench-run.sh
source "$gateway_here/lib/bench-run.sh"

gateway_dir="$gateway_here/gateway"

# --- Node packages -----------------------------------------------------------------------------
command -v node >/dev/null || bench_die "node not found (Node 18 or later is needed)"
command -v npm >/dev/null || bench_die "npm not found"
if [[ ! -d $gateway_dir/node_modules || $gateway_dir/package-lock.json -nt $gateway_dir/node_modules ]]; then
  bench_log "installing the Node packages: npm ci in benchmarks/gateway"
  (cd "$gateway_dir" && npm ci --no-audit --no-fund) >&2
  # npm ci recreates node_modules; mark it as newer than the lock file whatever it kept
  touch "$gateway_dir/node_modules"
fi

# --- open files: each side of 10,000 connections needs a descriptor per connection ------------
# (the scale scenarios: the server JVM holds every connection plus its own files, about 1,000, and
# the gateway refuses connections while fewer than a tenth of its limit is free (ConnectionLimits),
# so it needs (connections + 1,000) x 10/9; a load-generator process holds its share, less)
gateway_need=10240
if $gateway_scale; then
  gateway_need=$(((gateway_scale_connections + 1000) * 10 / 9))
fi
gateway_hard=$(ulimit -Hn)
if [[ $gateway_hard == unlimited ]]; then
  gateway_hard=1048576
fi
if ((gateway_hard < gateway_need)); then
  # only root may raise a hard limit; it cannot exceed fs.nr_open
  if ulimit -Hn "$gateway_need" 2>/dev/null; then
    bench_log "open-files hard limit raised from $gateway_hard to $gateway_need for this run"
    gateway_hard=$gateway_need
  else
    bench_log "could not raise the open-files hard limit from $gateway_hard to $gateway_need" \
      "(needs root with CAP_SYS_RESOURCE, and fs.nr_open >= $gateway_need)"
  fi
fi
if (($(ulimit -Sn) < gateway_hard)); then
  ulimit -Sn "$gateway_hard" 2>/dev/null || bench_log "could not raise the open-files limit to $gateway_hard"
fi
if (($(ulimit -Sn) < gateway_need)); then
  if $gateway_scale; then
    # a server that runs out of descriptors half-way gives no figure: say so before starting
    bench_die "the open-files limit is $(ulimit -Sn) and $gateway_scale_connections connections" \
      "need $gateway_need: run as root with CAP_SYS_RESOURCE, or in a container started with a" \
      "higher limit (docker run --ulimit nofile=$gateway_need:$gateway_need), or lower" \
      "--scale-connections / --storm-connections"
  fi
  bench_log "warning: the open-files limit is $(ulimit -Sn); $gateway_need are needed" \
    "(use --idle-connections / --connections to stay below it)"
fi

# --- kernel limits the scale scenarios depend on: checked and reported, never changed ----------
if $gateway_scale; then
  gateway_sysctl() { cat "/proc/sys/$1" 2>/dev/null || echo "?"; }
  read -r gateway_port_low gateway_port_high < <(gateway_sysctl net/ipv4/ip_local_port_range)
  gateway_ports=$((gateway_port_high - gateway_port_low + 1))
  gateway_per_source=$(((gateway_scale_connections + gateway_scale_sources - 1) / gateway_scale_sources))
  bench_log "kernel limits (read, not changed): net.ipv4.ip_local_port_range" \
    "$gateway_port_low-$gateway_port_high ($gateway_ports ports per source address," \
    "$gateway_per_source connections per address needed), fs.nr_open $(gateway_sysctl fs/nr_open)," \
    "fs.file-max $(gateway_sysctl fs/file-max), net.core.somaxconn $(gateway_sysctl net/core/somaxconn)," \
    "net.ipv4.tcp_max_syn_backlog $(gateway_sysctl net/ipv4/tcp_max_syn_backlog)," \
    "net.netfilter.nf_conntrack_max $(gateway_sysctl net/netfilter/nf_conntrack_max)"
  if ((gateway_per_source > gateway_ports)); then
    bench_die "$gateway_per_source connections per source address exceed the $gateway_ports" \
      "ephemeral ports of net.ipv4.ip_local_port_range: raise --scale-sources"
  fi
  gateway_nr_open=$(gateway_sysctl fs/nr_open)
  if [[ $gateway_nr_open != "?" ]] && ((gateway_nr_open < gateway_need)); then
    bench_log "warning: fs.nr_open $gateway_nr_open < $gateway_need: no process can hold" \
      "$gateway_scale_connections connections (as root: sysctl -w fs.nr_open=$gateway_need)"
  fi
  gateway_conntrack=$(gateway_sysctl net/netfilter/nf_conntrack_max)
  if [[ $gateway_conntrack != "?" ]] && ((gateway_conntrack < gateway_scale_connections * 2)); then
    bench_log "warning: nf_conntrack_max $gateway_conntrack < 2 x $gateway_scale_connections:" \
      "connection tracking may drop handshakes (as root: sysctl -w" \
      "net.netfilter.nf_conntrack_max=$((gateway_scale_connections * 2)))"
  fi
fi

bench_run --node-dir "$gateway_dir" "$@"
