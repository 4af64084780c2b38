#!/usr/bin/env bash
# Where orderd's CPU goes per accepted order: `perf record` (DWARF call
# graphs) on orderd while wrk posts orders at full speed, then
# perf_breakdown.py splits the samples by component (HTTP parsing, JSON,
# SQLite insert, the fsync threads, the depth refresh, ...) and by kind
# (allocation, kernel). Prints Markdown. About 15 s; 127.0.0.1 only; the
# processes started here are killed on exit.
#
# usage: bench/orderd/profile.sh [build-dir] [connections] [seconds]
# needs: perf (Debian linux-perf; as root, or kernel.perf_event_paranoid <= 1), wrk, python3
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="${1:-$here/../../build}"
connections="${2:-32}"
seconds="${3:-5}"
readonly warm_up_seconds=1 sample_hz=1999 stack_bytes=8192
orderd="$build/src/orderd/orderd"
[[ -x "$orderd" ]] || { echo "profile.sh: $orderd not built" >&2; exit 2; }
command -v perf >/dev/null || { echo "profile.sh: perf not found (apt-get install linux-perf)" >&2; exit 2; }

work="$(mktemp -d /tmp/orderd-profile-XXXXXX)"
pid="" load=""
cleanup() {
  [[ -n "$load" ]] && kill "$load" 2>/dev/null
  [[ -n "$pid" ]] && kill -9 "$pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

"$orderd" all --port 0 --port-file "$work/port" --db "$work/q.db" --ledger "$work/c.db" \
  --durability fsync --threads 2 --max-backlog-drain off 2>"$work/orderd.log" &
pid=$!
for ((i = 0; i < 1000; i++)); do [[ -s "$work/port" ]] && break; sleep 0.01; done
[[ -s "$work/port" ]] || { echo "profile.sh: orderd did not start:" >&2; cat "$work/orderd.log" >&2; exit 1; }
port=$(cat "$work/port")
orders() { curl -s "http://127.0.0.1:$port/metrics" | awk '/^orderd_commit_orders_total/ {print $2}'; }

wrk -t1 -c"$connections" -d"$((seconds + 2 * warm_up_seconds))s" -s "$here/post_order.lua" \
  "http://127.0.0.1:$port/" >"$work/wrk.txt" &
load=$!
sleep "$warm_up_seconds"
before=$(orders)
perf record -q -F "$sample_hz" --call-graph "dwarf,$stack_bytes" -p "$pid" -o "$work/perf.data" \
  -- sleep "$seconds" 2>/dev/null
after=$(orders)
wait "$load"; load=""
kill -TERM "$pid"; wait "$pid" || true; pid=""

accepted=$((after - before))
echo "orderd under wrk -t1 -c$connections, $accepted orders written in the ${seconds} s profiled"
echo "($(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt") req/s over the whole wrk run, perf's own overhead included;"
echo " load average $(cut -d' ' -f1-3 /proc/loadavg)):"
echo
perf script -i "$work/perf.data" -F tid,ip,sym,dso 2>/dev/null |
  python3 "$here/perf_breakdown.py" --orders "$accepted" --hz "$sample_hz"
