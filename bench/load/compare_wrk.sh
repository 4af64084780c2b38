#!/usr/bin/env bash
# stackplan load vs wrk against the same nginx (one worker) on 127.0.0.1:
# same threads, connections and duration, alternating runs, medians of req/s
# and of CPU microseconds per request (user + system time of the generator
# divided by its requests).
#
#   bench/load/compare_wrk.sh [runs=5] [seconds=10] [threads=1] [connections=32]
# STACKPLAN=path/to/stackplan overrides the binary (default build-load).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
STACKPLAN=${STACKPLAN:-$ROOT/build-load/src/cli/stackplan}
RUNS=${1:-5} SECONDS_PER_RUN=${2:-10} THREADS=${3:-1} CONNS=${4:-32}
source "$ROOT/bench/load/nginx_env.sh"
WORK=$(mktemp -d /tmp/stackplan-bench.XXXXXX)

echo "nginx 1 worker at $NGINX_URL; $RUNS runs each of ${SECONDS_PER_RUN}s, -t$THREADS -c$CONNS, alternating"
printf "%-10s %4s %12s %10s %14s\n" tool run requests "req/s" "cpu-us/req"
for run in $(seq "$RUNS"); do
  timed "$WORK/wrk.time" wrk -t"$THREADS" -c"$CONNS" -d"${SECONDS_PER_RUN}s" "$NGINX_URL" > "$WORK/wrk.out"
  reqs=$(awk '/requests in/ {print $1}' "$WORK/wrk.out")
  rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.out")
  cpu=$(awk -v n="$reqs" '{printf "%.2f", ($1 + $2) * 1e6 / n}' "$WORK/wrk.time")
  printf "%-10s %4d %12d %10.0f %14s\n" wrk "$run" "$reqs" "$rps" "$cpu"
  echo "$rps" >> "$WORK/wrk.rps"; echo "$cpu" >> "$WORK/wrk.cpu"

  timed "$WORK/sp.time" "$STACKPLAN" load -q -t"$THREADS" -c"$CONNS" -d"${SECONDS_PER_RUN}s" \
    --json "$WORK/sp.json" "$NGINX_URL" > /dev/null
  reqs=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['requests'])" "$WORK/sp.json")
  rps=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['rps'])" "$WORK/sp.json")
  cpu=$(awk -v n="$reqs" '{printf "%.2f", ($1 + $2) * 1e6 / n}' "$WORK/sp.time")
  printf "%-10s %4d %12d %10.0f %14s\n" stackplan "$run" "$reqs" "$rps" "$cpu"
  echo "$rps" >> "$WORK/sp.rps"; echo "$cpu" >> "$WORK/sp.cpu"
done
wrk_rps=$(median < "$WORK/wrk.rps"); wrk_cpu=$(median < "$WORK/wrk.cpu")
sp_rps=$(median < "$WORK/sp.rps"); sp_cpu=$(median < "$WORK/sp.cpu")
echo
printf "median     %-12s %-14s\n" "req/s" "cpu-us/req"
printf "wrk        %-12.0f %-14.2f\n" "$wrk_rps" "$wrk_cpu"
printf "stackplan  %-12.0f %-14.2f\n" "$sp_rps" "$sp_cpu"
awk -v a="$sp_rps" -v b="$wrk_rps" -v c="$sp_cpu" -v d="$wrk_cpu" \
  'BEGIN {printf "ratio      req/s %.2fx of wrk, cpu/request %.2fx of wrk\n", a / b, c / d}'
rm -rf "$WORK"
