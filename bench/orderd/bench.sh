#!/usr/bin/env bash
# Benchmarks orderd on this machine with wrk, bounded in time (about 1 minute):
#   1. GET /health, the baseline (no work besides HTTP)
#   2. POST /orders/async at full speed: durable accepts per second
#   3. POST /orders/async at a fixed 5,000/s: p50/p99 accept latency, with
#      `stackplan load -R 5000/s` (open model, latency from the due time) when
#      a stackplan binary is found ($STACKPLAN), else wrk paced per connection
# for each durability mode (fsync: the WAL is fsync'd before the 202;
# os: the WAL write is handed to the OS before the 202). Then start-up time,
# memory (peak RSS) and binary size. Results go to stdout as Markdown.
#
# usage: bench/orderd/bench.sh [build-dir] [seconds-per-run]
#        STACKPLAN=path/to/stackplan bench/orderd/bench.sh ...
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="${1:-$here/../../build-orderd}"
seconds="${2:-10}"
orderd="$build/src/orderd/orderd"
stackplan="${STACKPLAN:-$build/src/cli/stackplan}"
body='{"customer_id":"bench","items":[{"product_id":"p1","quantity":1,"price":9.99}]}'

fixed_rate_run() {  # prints req/s|p50|p99|non-2xx at 5,000/s
  if [[ -x "$stackplan" ]]; then
    local out
    out=$("$stackplan" load -t1 -R 5000/s -d "${seconds}s" -q -m POST \
      -H "Content-Type: application/json" --body "$body" "http://127.0.0.1:$port/orders/async" 2>&1)
    local rate p50 p99 codes
    rate=$(awk '/^Run:/ {print $(NF-1)}' <<<"$out")
    p50=$(awk '/corrected \(from due time\)/ {for (i=1;i<=NF;i++) if ($i=="p50") print $(i+1)}' <<<"$out")
    p99=$(awk '/corrected \(from due time\)/ {for (i=1;i<=NF;i++) if ($i=="p99") print $(i+1)}' <<<"$out")
    codes=$(awk '/^Status codes:/ {$1=$2=""; print}' <<<"$out")
    echo "$rate|${p50}ms|${p99}ms|codes:${codes}"
  else
    RATE_PER_CONNECTION=100 wrk_run -t1 -c55 -d"${seconds}s" -s "$here/post_order.lua" "http://127.0.0.1:$port/"
  fi
}
work="$(mktemp -d /tmp/orderd-bench-XXXXXX)"
pid=""
cleanup() { [[ -n "$pid" ]] && kill -9 "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

start_orderd() {  # $1 = durability
  rm -f "$work"/q.db* "$work"/c.db* "$work/port"
  local t0 t1 tick
  # The clock and the poll are bash's own: a `date` or a `sleep` process per
  # poll would compete with orderd's start-up on two cores and add to it.
  exec {tick}<> <(:)
  t0=${EPOCHREALTIME/./}
  "$orderd" all --port 0 --port-file "$work/port" --db "$work/q.db" --ledger "$work/c.db" \
    --durability "$1" --threads 2 --max-backlog-drain off 2>>"$work/orderd.log" &
  pid=$!
  while [[ ! -s "$work/port" ]]; do read -rt 0.001 -u "$tick" || true; done
  t1=${EPOCHREALTIME/./}
  exec {tick}<&-
  port=$(cat "$work/port")
  startup_ms=$(( (t1 - t0) / 1000 ))
}
stop_orderd() { kill -TERM "$pid"; wait "$pid" || true; pid=""; }

wrk_run() {  # $@ = wrk args; prints req/s, p50, p99, non-2xx
  local out
  out=$(wrk --latency "$@" 2>&1)
  local rps p50 p99 bad
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  bad=$(awk -F'[= ]' '/non2xx=/ {print $2}' <<<"$out")
  echo "$rps|$p50|$p99|${bad:-0}"
}

echo "| durability | test | req/s | p50 | p99 | non-2xx |"
echo "|---|---|---|---|---|---|"
for mode in fsync os; do
  # A fresh orderd (and queue file) for each test, so one test's backlog does
  # not weigh on the next.
  start_orderd "$mode"
  IFS='|' read -r rps p50 p99 bad <<<"$(wrk_run -t1 -c64 -d"${seconds}s" "http://127.0.0.1:$port/health")"
  echo "| $mode | GET /health, 64 conns | $rps | $p50 | $p99 | $bad |"
  stop_orderd
  start_orderd "$mode"
  IFS='|' read -r rps p50 p99 bad <<<"$(wrk_run -t1 -c256 -d"${seconds}s" -s "$here/post_order.lua" "http://127.0.0.1:$port/")"
  echo "| $mode | POST /orders/async, 256 conns, full speed | $rps | $p50 | $p99 | $bad |"
  rss_kb=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
  orders=$(curl -s "http://127.0.0.1:$port/metrics" | awk '/^orderd_commit_orders_total/ {o=$2} /^orderd_commit_batches_total/ {b=$2} END {printf "%d orders in %d group commits (%.1f per commit)", o, b, (b ? o/b : 0)}')
  stop_orderd
  start_orderd "$mode"
  IFS='|' read -r rps p50 p99 bad <<<"$(fixed_rate_run)"
  echo "| $mode | POST /orders/async, fixed 5,000/s | $rps | $p50 | $p99 | $bad |"
  server_side=$(curl -s "http://127.0.0.1:$port/metrics" | awk -F'[{}" ]' '/^orderd_accept_latency_seconds_bucket/ && ($3=="0.01" || $3=="0.02") {printf "%s<=%ss ", $6, $3} /^orderd_accept_latency_seconds_count/ {printf "of %s", $2}')
  stop_orderd
  echo
  echo "- $mode: peak RSS $((rss_kb / 1024)) MiB after the full-speed run; $orders; at 5,000/s the server-side accept latency buckets were: $server_side; start-up to listening ${startup_ms} ms"
  echo
done
size=$(stat -c %s "$orderd")
stripped=$(strip -o "$work/orderd.stripped" "$orderd" && stat -c %s "$work/orderd.stripped")
echo "- binary: $((size / 1024)) KiB as built, $((stripped / 1024)) KiB stripped ($orderd)"
start_orderd fsync
idle_kb=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
stop_orderd
echo "- idle RSS after start-up: $((idle_kb / 1024)) MiB; start-up to listening: ${startup_ms} ms"
echo "- machine: $(nproc) cores, $(uname -sr); the load generator shares the cores with orderd;"
echo "  load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
