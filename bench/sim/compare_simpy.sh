#!/usr/bin/env bash
# Orders simulated per wall-clock second: stackplan vs SimPy 2.3 on the same
# async model (Poisson 1000/s, 4 processes x 5 payment slots, exponential
# 10 ms payment), alternating runs, medians and their ratio. Also times one
# simulated hour and one simulated month and reports their peak memory.
# Usage: bench/sim/compare_simpy.sh [BUILD_DIR] [RUNS]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
runs=${2:-3}
stackplan=$build/src/cli/stackplan
scenario=$root/examples/bench-async-poisson.yaml
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# stackplan: one simulated hour (about 3.6 million orders).
run_stackplan() {
  local start end orders
  start=$(date +%s.%N)
  "$stackplan" simulate "$scenario" --json "$tmp/r.json" >/dev/null
  end=$(date +%s.%N)
  orders=$(grep -m1 '"completed"' "$tmp/r.json" | tr -dc '0-9')
  echo "$orders $start $end" | awk '{printf "%.0f\n", $1 / ($3 - $2)}'
}
# SimPy: one simulated minute (about 60,000 orders) keeps its run short.
run_simpy() {
  /usr/bin/python3 "$root/bench/peers/simpy_async.py" --seconds 60 | sed 's/.*orders_per_s=//'
}

: >"$tmp/sp"; : >"$tmp/py"
for i in $(seq "$runs"); do
  run_stackplan >>"$tmp/sp"
  run_simpy >>"$tmp/py"
done
sp=$(median <"$tmp/sp"); py=$(median <"$tmp/py")
echo "orders per wall second (median of $runs): stackplan $sp, SimPy $py, ratio $(awk -v a="$sp" -v b="$py" 'BEGIN{printf "%.1fx", a/b}')"

# Scale: an hour and a month at 100 orders/s, wall time and peak RSS.
for d in 1h 730h; do
  sed -e 's/rate: 1000\/s/rate: 100\/s/' -e "s/duration: 1h/duration: $d/" "$scenario" >"$tmp/s.yaml"
  /usr/bin/time -f "%e %M" -o "$tmp/t" "$stackplan" simulate "$tmp/s.yaml" >/dev/null
  read -r secs kb <"$tmp/t"
  echo "simulated $d at 100 orders/s: ${secs} s wall, peak RSS $((kb / 1024)) MiB"
done
