#!/usr/bin/env bash
# The same closed-model test with Locust (FastHttpUser, between(0.1, 0.5), 20
# users, spawn rate 10, 30 s) and with stackplan load, against the same nginx
# on 127.0.0.1, alternating: request counts should agree (same semantics),
# and CPU per request (user + system time / requests) is compared.
#
#   bench/load/compare_locust.sh [runs=3] [seconds=30] [users=20] [spawn_rate=10]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
STACKPLAN=${STACKPLAN:-$ROOT/build-load/src/cli/stackplan}
RUNS=${1:-3} SECS=${2:-30} USERS=${3:-20} SPAWN=${4:-10}
source "$ROOT/bench/load/nginx_env.sh"
WORK=$(mktemp -d /tmp/stackplan-bench.XXXXXX)
HOST=${NGINX_URL%/index.html}

echo "nginx at $HOST; $RUNS runs each, -u $USERS -r $SPAWN -t ${SECS}s, think time 0.1-0.5 s"
printf "%-10s %4s %10s %10s %14s\n" tool run requests "req/s" "cpu-us/req"
for run in $(seq "$RUNS"); do
  timed "$WORK/locust.time" /usr/bin/python3 -m locust -f "$ROOT/bench/peers/locust/locustfile.py" \
    --headless --only-summary -u "$USERS" -r "$SPAWN" -t "${SECS}s" --host "$HOST" \
    > "$WORK/locust.out" 2>&1 || true
  read -r reqs rps < <(awk '/ Aggregated / && !seen {print $2, $(NF-1); seen=1}' "$WORK/locust.out")
  cpu=$(awk -v n="$reqs" '{printf "%.1f", ($1 + $2) * 1e6 / n}' "$WORK/locust.time")
  printf "%-10s %4d %10d %10.2f %14s\n" locust "$run" "$reqs" "$rps" "$cpu"
  echo "$reqs" >> "$WORK/locust.reqs"; echo "$cpu" >> "$WORK/locust.cpu"

  timed "$WORK/sp.time" "$STACKPLAN" load -q -t1 -u "$USERS" -r "$SPAWN" --run-time "${SECS}s" \
    --wait 'uniform(100ms, 500ms)' --json "$WORK/sp.json" "$NGINX_URL" > "$WORK/sp.out"
  reqs=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['requests'])" "$WORK/sp.json")
  rps=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['rps'])" "$WORK/sp.json")
  cpu=$(awk -v n="$reqs" '{printf "%.1f", ($1 + $2) * 1e6 / n}' "$WORK/sp.time")
  printf "%-10s %4d %10d %10.2f %14s\n" stackplan "$run" "$reqs" "$rps" "$cpu"
  echo "$reqs" >> "$WORK/sp.reqs"; echo "$cpu" >> "$WORK/sp.cpu"
done
l_reqs=$(median < "$WORK/locust.reqs"); l_cpu=$(median < "$WORK/locust.cpu")
s_reqs=$(median < "$WORK/sp.reqs"); s_cpu=$(median < "$WORK/sp.cpu")
echo
printf "median     %-10s %-12s\n" requests "cpu-us/req"
printf "locust     %-10s %-12s\n" "$l_reqs" "$l_cpu"
printf "stackplan  %-10s %-12s\n" "$s_reqs" "$s_cpu"
awk -v a="$s_reqs" -v b="$l_reqs" -v c="$s_cpu" -v d="$l_cpu" \
  'BEGIN {printf "requests differ by %+.2f%%; Locust spends %.1fx the CPU per request\n", (a - b) * 100 / b, d / c}'
echo "(Locust stops about 0.2 s before its run time; see docs/LOAD.md)"
rm -rf "$WORK"
