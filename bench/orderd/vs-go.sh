#!/usr/bin/env bash
# orderd against the Go standard-library peer (bench/peers/go-orderd), both
# durable: each accepted order is fdatasync'd before its 202.
#
#   1. Full speed, POST /orders/async with wrk -t1 (post_order.lua, the same
#      body for both servers) at 32, 64 and 256 connections. Each round runs
#      orderd (--durability fsync) and the peer (-mode durable) one after the
#      other, a fresh process and a fresh data directory per run, and swaps
#      which goes first every round; the table holds the medians. Beside the
#      rate: the server's CPU time (user + system, /proc/PID/stat) per
#      accepted order.
#   2. A fixed 5,000 orders/s (`stackplan load -R 5000/s`: open model,
#      latency measured from each request's due time), RATE_RUNS runs
#      (default 5) of each server, alternating: each p99, and how many of
#      orderd's are under 20 ms (the peer's show what the machine allows).
#
# Time: (3 x rounds + RATE_RUNS) x 2 x (seconds + ~3 s; orderd finishes
# the payments in progress when it stops); with the defaults (5 s, 3 rounds,
# 5 fixed-rate runs) about 4 min 30 s.
# Everything listens on 127.0.0.1; every process started here is killed on exit.
#
# usage: bench/orderd/vs-go.sh [build-dir] [seconds] [rounds]
#        CONNECTIONS="32 64 256" RATE_RUNS=5 bench/orderd/vs-go.sh build 5 3
# needs: wrk, curl, go (Debian golang-go), orderd and stackplan built in build-dir.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
build="${1:-$repo/build}"
seconds="${2:-5}"
rounds="${3:-3}"
connections="${CONNECTIONS:-32 64 256}"
rate_runs="${RATE_RUNS:-5}"
orderd="$build/src/orderd/orderd"
stackplan="$build/src/cli/stackplan"
body='{"customer_id":"bench","items":[{"product_id":"p1","quantity":1,"price":9.99}]}'
readonly p99_bound_ms=20
readonly fixed_rate=5000

for tool in wrk go curl; do
  command -v "$tool" >/dev/null || { echo "vs-go.sh: $tool not found (apt-get install wrk golang-go curl)" >&2; exit 2; }
done
for program in "$orderd" "$stackplan"; do
  [[ -x "$program" ]] || { echo "vs-go.sh: $program not built (cmake --build $build)" >&2; exit 2; }
done

work="$(mktemp -d /tmp/orderd-vs-go-XXXXXX)"
pid=""
cleanup() {
  if [[ -n "$pid" ]]; then kill -9 "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The peer, built from the repository's copy with the standard library only.
(cd "$repo/bench/peers/go-orderd" &&
  GOFLAGS=-mod=mod GOPROXY=off GOCACHE="${GOCACHE:-$work/gocache}" go build -o "$work/go-orderd" .)

wait_for_port() {  # $1 = file that will hold the port; sets $port
  local waited=0
  while [[ ! -s "$1" ]]; do
    kill -0 "$pid" 2>/dev/null || { echo "vs-go.sh: the server exited at start-up:" >&2; cat "$work/server.log" >&2; exit 1; }
    sleep 0.01
    waited=$((waited + 1))
    ((waited < 1000)) || { echo "vs-go.sh: the server did not listen within 10 s" >&2; exit 1; }
  done
  port=$(cat "$1")
}

start_orderd() {
  rm -rf "$work/data" && mkdir "$work/data"
  "$orderd" all --port 0 --port-file "$work/data/port" --db "$work/data/q.db" \
    --ledger "$work/data/c.db" --durability fsync --threads 2 --max-backlog-drain off \
    2>"$work/server.log" &
  pid=$!
  wait_for_port "$work/data/port"
  check_health orderd
}

start_go() {
  rm -rf "$work/data" && mkdir "$work/data"
  "$work/go-orderd" -addr 127.0.0.1:0 -mode durable -data "$work/data" 2>"$work/server.log" &
  pid=$!
  # The peer logs "orderd listening on 127.0.0.1:PORT mode=durable ...".
  local waited=0
  port=""
  until [[ -n "$port" ]]; do
    port=$(sed -n 's/.*orderd listening on 127\.0\.0\.1:\([0-9][0-9]*\) mode=durable.*/\1/p' "$work/server.log" 2>/dev/null | head -1)
    [[ -n "$port" ]] && break
    kill -0 "$pid" 2>/dev/null || { echo "vs-go.sh: the peer exited at start-up:" >&2; cat "$work/server.log" >&2; exit 1; }
    sleep 0.01
    waited=$((waited + 1))
    ((waited < 1000)) || { echo "vs-go.sh: the peer did not listen within 10 s" >&2; exit 1; }
  done
  check_health go
}

check_health() {  # $1 = server; a run starts only once the server answers
  curl -sf --max-time 5 "http://127.0.0.1:$port/health" >/dev/null || {
    echo "vs-go.sh: $1 does not answer GET /health on port $port; its log:" >&2
    cat "$work/server.log" >&2
    exit 1
  }
}

stop_server() {
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=""
}

cpu_ticks() {  # user + system time of $pid in clock ticks
  awk '{print $14 + $15}' "/proc/$pid/stat"
}

full_speed_run() {  # $1 = orderd|go, $2 = connections; prints "req/s cpu-us-per-order"
  "start_$1"
  local before after out rps non2xx
  before=$(cpu_ticks)
  out=$(wrk -t1 -c"$2" -d"${seconds}s" -s "$here/post_order.lua" "http://127.0.0.1:$port/" 2>&1)
  after=$(cpu_ticks)
  stop_server
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  non2xx=$(sed -n 's/.*non2xx=\([0-9]*\).*/\1/p' <<<"$out")
  if [[ -z "$rps" || -z "$non2xx" ]]; then
    echo "vs-go.sh: wrk failed against $1 at $2 connections (port $port):" >&2
    echo "$out" >&2
    echo "the server's log:" >&2
    cat "$work/server.log" >&2
    exit 1
  fi
  # Refusals are not accepts: a run that had any does not count.
  if [[ "$non2xx" != 0 ]]; then
    echo "vs-go.sh: $1 at $2 connections answered $non2xx non-2xx; its log:" >&2
    tail -5 "$work/server.log" >&2
    exit 1
  fi
  awk -v rps="$rps" -v ticks=$((after - before)) -v hz="$(getconf CLK_TCK)" -v s="$seconds" \
    'BEGIN {printf "%s %.1f\n", rps, (rps > 0 ? ticks / hz * 1e6 / (rps * s) : 0)}'
}

median() {  # of the arguments
  printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2)}'
}

echo "orderd vs the Go peer: $rounds rounds of ${seconds} s per server and connection count,"
echo "then $rate_runs fixed-rate runs of ${seconds} s; $(nproc) cores, load average at start $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| connections | orderd accepts/s | Go peer accepts/s | ratio | orderd CPU µs/order | Go peer CPU µs/order | every run (orderd / peer) |"
echo "|---|---|---|---|---|---|---|"
for c in $connections; do
  o_rates=() g_rates=() o_cpu=() g_cpu=() runs=""
  for ((round = 0; round < rounds; round++)); do
    if ((round % 2 == 0)); then order="orderd go"; else order="go orderd"; fi
    for server in $order; do
      read -r rate cpu <<<"$(full_speed_run "$server" "$c")"
      [[ -n "$rate" ]] || exit 1  # full_speed_run said why
      if [[ $server == orderd ]]; then o_rates+=("$rate") o_cpu+=("$cpu"); else g_rates+=("$rate") g_cpu+=("$cpu"); fi
    done
    runs+="${o_rates[-1]%.*}/${g_rates[-1]%.*} "
  done
  o=$(median "${o_rates[@]}") g=$(median "${g_rates[@]}")
  printf '| %s | %.0f | %.0f | %.2fx | %s | %s | %s|\n' "$c" "$o" "$g" \
    "$(awk -v a="$o" -v b="$g" 'BEGIN {print (b > 0 ? a / b : 0)}')" \
    "$(median "${o_cpu[@]}")" "$(median "${g_cpu[@]}")" "$runs"
done

echo
echo "At a fixed ${fixed_rate}/s (stackplan load, latency from the due time), orderd and the peer"
echo "alternating; the goal is orderd's p99 under ${p99_bound_ms} ms:"
echo
echo "| run | server | achieved req/s | p50 | p99 | status codes |"
echo "|---|---|---|---|---|---|"
under=0
for ((run = 1; run <= rate_runs; run++)); do
  if ((run % 2)); then order="orderd go"; else order="go orderd"; fi
  for server in $order; do
    "start_$server"
    out=$("$stackplan" load -t1 -R "${fixed_rate}/s" -d "${seconds}s" -q -m POST \
      -H "Content-Type: application/json" --body "$body" "http://127.0.0.1:$port/orders/async" 2>&1) || true
    stop_server
    rate=$(awk '/^Run:/ {print $(NF-1)}' <<<"$out")
    p50=$(awk '/corrected \(from due time\)/ {for (i=1;i<=NF;i++) if ($i=="p50") print $(i+1)}' <<<"$out")
    p99=$(awk '/corrected \(from due time\)/ {for (i=1;i<=NF;i++) if ($i=="p99") print $(i+1)}' <<<"$out")
    codes=$(awk '/^Status codes:/ {$1=$2=""; print}' <<<"$out")
    # A request dropped (due but not sent) or still in flight when the run
    # ends has no status code: say so, and name any error, so a row's counts
    # add up to the requests due.
    for what in dropped unfinished; do
      n=$(awk -v w="$what" '/unfinished/ {for (i=1;i<=NF;i++) if ($i==w) print $(i+1)+0}' <<<"$out")
      if [[ "${n:-0}" != 0 ]]; then codes+=", $what $n"; fi
    done
    errors=$(awk '/^Errors:/ {$1=""; print}' <<<"$out")
    if [[ -n "$errors" && "$errors" != " none" ]]; then codes+=", errors:$errors"; fi
    if [[ -z "$p99" || "$codes" != *202=* ]]; then
      echo "vs-go.sh: $server was not measured at ${fixed_rate}/s; the load output:" >&2
      echo "$out" >&2
      exit 1
    fi
    if [[ $server == orderd ]] && awk -v p="$p99" -v b="$p99_bound_ms" 'BEGIN {exit !(p + 0 < b)}'; then
      under=$((under + 1))
    fi
    echo "| $run | $server | $rate | ${p50} ms | ${p99} ms | $codes |"
  done
done
echo
echo "orderd's p99 under ${p99_bound_ms} ms in $under of $rate_runs runs; load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
