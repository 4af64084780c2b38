#!/usr/bin/env bash
# Peak memory of stackplan load (a) holding 10,000 open connections to nginx
# and (b) over a long open-model run, sampled every few seconds: it must stay
# flat, whatever the run time (histograms are fixed-size).
#
#   bench/load/memory.sh [long_run_seconds=120] [connections=10000]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
STACKPLAN=${STACKPLAN:-$ROOT/build-load/src/cli/stackplan}
LONG=${1:-120} CONNS=${2:-10000}
source "$ROOT/bench/load/nginx_env.sh"
WORK=$(mktemp -d /tmp/stackplan-bench.XXXXXX)

echo "== $CONNS open connections (open model, 2000/s over them, 10 s)"
timed "$WORK/conn.time" "$STACKPLAN" load -q --rate 2000/s --connections "$CONNS" \
  --max-connections "$CONNS" -d 10s --json "$WORK/conn.json" "$NGINX_URL" > /dev/null
python3 - "$WORK/conn.json" "$WORK/conn.time" <<'PY'
import json, sys
j = json.load(open(sys.argv[1])); user, sys_, rss = open(sys.argv[2]).read().split()
print(f"peak connections {j['connections']['peak']}, requests {j['requests']}, failures {j['failures']}, "
      f"peak RSS {int(rss) / 1024:.1f} MiB")
PY

echo "== ${LONG} s open-model run at 5000/s: RSS sampled every $(( LONG / 6 )) s"
"$STACKPLAN" load -q --rate 5000/s -d "${LONG}s" --json "$WORK/long.json" "$NGINX_URL" > /dev/null &
pid=$!
sleep 2
for i in $(seq 6); do
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
  printf "t=%4ds RSS %.1f MiB\n" $(( 2 + (i - 1) * (LONG / 6) )) "$(awk -v k="$rss" 'BEGIN {print k / 1024}')"
  [[ $i -lt 6 ]] && sleep $(( LONG / 6 ))
done
wait "$pid"
python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print('requests', j['requests'], 'failures', j['failures'])" "$WORK/long.json"
rm -rf "$WORK"
