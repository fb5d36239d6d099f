#!/usr/bin/env bash
# Smoke check of the PHP load scripts of benchmarks/channel-php.sh, without a JVM (about 10 s):
# lints every script, checks the latency histogram's buckets, then runs the publisher and two
# subscribers against loopback_server.php (a minimal Workerman-Channel-like fan-out in PHP) in
# both data forms, at a fixed rate (every publish must arrive, once, in order) and at full speed
# with the publisher's window (no event skipped or reordered). Exit status 0 when all passed.
#
# usage: benchmarks/php/check.sh        (PHP=/path/to/php to use another php-cli)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
php=${PHP:-php}
command -v "$php" >/dev/null || { echo "check.sh: php not found (apt-get install php-cli)" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/channel-php-check.XXXXXX")
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "check.sh: FAILED: $*" >&2; exit 1; }

for script in "$here"/*.php; do
  "$php" -l "$script" >/dev/null || fail "php -l $script"
done

# the buckets: every value within its bucket, buckets growing, as PhpHistogram reads them
"$php" -r '
  require $argv[1];
  $previous = -1;
  for ($v = 0; $v < 5000000000; $v = $v < 1000 ? $v + 1 : $v + intdiv($v, 997)) {
    $k = sb_bucket($v);
    if ($k < $previous || $v < sb_bucket_floor($k) || $v >= sb_bucket_floor($k + 1)) {
      fwrite(STDERR, "bucket of $v: $k\n"); exit(1);
    }
    $previous = $k;
  }
  if (sb_bucket(1000000) !== 1780 || sb_percentile_micros([100 => 99, 1780 => 1], 0.99) !== 0.1) {
    fwrite(STDERR, "bucket figures differ from PhpHistogramTest\n"); exit(1);
  }' "$here/bench_lib.php" || fail "histogram buckets"

# the server stops when this shell's pipe to it closes (or after 60 s)
mkfifo "$work/server-in"
"$php" "$here/loopback_server.php" --max-seconds 60 < "$work/server-in" > "$work/server.out" &
pids+=($!)
exec 3> "$work/server-in"
for _ in $(seq 50); do
  grep -q '^READY port=' "$work/server.out" 2>/dev/null && break
  sleep 0.1
done
port=$(sed -n 's/^READY port=//p' "$work/server.out")
[[ -n $port ]] || fail "loopback_server.php did not start"

json_field() { sed -n "s/.*\"$2\":\\([0-9.-]*\\).*/\\1/p" "$1"; }

run() { # name, then publisher options
  local name=$1 i
  shift
  local -a subs=()
  for i in 1 2; do
    "$php" "$here/channel_subscriber.php" --port "$port" --channel "$name" --duration 4 \
      > "$work/$name-sub$i.out" &
    subs+=($!)
    pids+=($!)
  done
  sleep 0.5 # subscribed: the loopback server handles a subscribe at once
  "$php" "$here/channel_publisher.php" --port "$port" --channel "$name" "$@" \
    > "$work/$name-pub.out" || fail "$name: publisher exited with $?"
  for i in "${subs[@]}"; do
    wait "$i" || fail "$name: a subscriber exited with $?"
  done
  local sent missing backwards malformed received
  sent=$(json_field "$work/$name-pub.out" sent)
  [[ ${sent:-0} -gt 0 ]] || fail "$name: nothing published: $(cat "$work/$name-pub.out")"
  for i in 1 2; do
    missing=$(json_field "$work/$name-sub$i.out" missing)
    backwards=$(json_field "$work/$name-sub$i.out" backwards)
    malformed=$(json_field "$work/$name-sub$i.out" malformed)
    received=$(json_field "$work/$name-sub$i.out" received)
    [[ $missing == 0 && $backwards == 0 && $malformed == 0 && ${received:-0} -gt 0 ]] \
      || fail "$name: subscriber $i: $(cut -c1-300 "$work/$name-sub$i.out")"
    if [[ $name == rate-* ]]; then
      [[ $received == "$sent" ]] || fail "$name: subscriber $i received $received of $sent"
    fi
  done
  echo "check.sh: $name ok: $sent published; $(cut -d'"' -f1-20 "$work/$name-sub1.out" | cut -c1-160)"
}

run rate-string --rate 2000 --warmup 0 --duration 1 --window 0
run rate-array --rate 2000 --warmup 0 --duration 1 --window 0 --shape array
run full-window --warmup 0.2 --duration 1 --window 128
echo "check.sh: all passed"
