#!/usr/bin/env bash
# Two orderd binaries (a build before a change and one after it) alternating
# under the same load: wrk -t1 POST /orders/async, a fresh process and data
# directory per run, swapping which goes first each round. Prints every run
# (accepts/s and the server's CPU per order) and the medians. 127.0.0.1
# only; about rounds x 2 x (seconds + 3 s).
#
# usage: bench/orderd/before-after.sh BEFORE-orderd AFTER-orderd [connections] [seconds] [rounds]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
before="$1" after="$2" connections="${3:-64}" seconds="${4:-4}" rounds="${5:-8}"
for program in "$before" "$after"; do
  [[ -x "$program" ]] || { echo "before-after.sh: $program is not an executable" >&2; exit 2; }
done
work="$(mktemp -d /tmp/orderd-before-after-XXXXXX)"
pid=""
cleanup() { [[ -n "$pid" ]] && kill -9 "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

one_run() {  # $1 = orderd binary; prints "accepts/s cpu-us-per-order"
  rm -rf "$work/data" && mkdir "$work/data"
  "$1" all --port 0 --port-file "$work/data/port" --db "$work/data/q.db" --ledger "$work/data/c.db" \
    --durability fsync --threads 2 --max-backlog-drain off 2>"$work/orderd.log" &
  pid=$!
  for ((i = 0; i < 1000; i++)); do [[ -s "$work/data/port" ]] && break; sleep 0.01; done
  [[ -s "$work/data/port" ]] || { echo "before-after.sh: $1 did not start" >&2; cat "$work/orderd.log" >&2; exit 1; }
  local port t0 t1 out rps
  port=$(cat "$work/data/port")
  t0=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  out=$(wrk -t1 -c"$connections" -d"${seconds}s" -s "$here/post_order.lua" "http://127.0.0.1:$port/")
  t1=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  kill -TERM "$pid"; wait "$pid" || true; pid=""
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  grep -q 'non2xx=0 ' <<<"$out" || { echo "before-after.sh: refusals or errors: $out" >&2; exit 1; }
  awk -v r="$rps" -v t=$((t1 - t0)) -v hz="$(getconf CLK_TCK)" -v s="$seconds" \
    'BEGIN {printf "%.0f %.1f\n", r, t / hz * 1e6 / (r * s)}'
}
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2)}'; }

b_rate=() b_cpu=() a_rate=() a_cpu=() faster=0
echo "| round | before accepts/s | after accepts/s | before CPU µs/order | after CPU µs/order |"
echo "|---|---|---|---|---|"
for ((round = 1; round <= rounds; round++)); do
  if ((round % 2)); then
    read -r br bc <<<"$(one_run "$before")"; read -r ar ac <<<"$(one_run "$after")"
  else
    read -r ar ac <<<"$(one_run "$after")"; read -r br bc <<<"$(one_run "$before")"
  fi
  [[ -n "$br" && -n "$ar" ]] || exit 1
  b_rate+=("$br") b_cpu+=("$bc") a_rate+=("$ar") a_cpu+=("$ac")
  ((ar > br)) && faster=$((faster + 1))
  echo "| $round | $br | $ar | $bc | $ac |"
done
echo "| median | $(median "${b_rate[@]}") | $(median "${a_rate[@]}") | $(median "${b_cpu[@]}") | $(median "${a_cpu[@]}") |"
echo
echo "after faster in $faster of $rounds rounds; wrk -t1 -c$connections, ${seconds} s runs; load average $(cut -d' ' -f1-3 /proc/loadavg)"
