#!/usr/bin/env bash
# Opens generated reports in headless Chromium and checks through the rendered
# DOM that every chart was drawn with its series and data and that the page
# logged no error (html_browser_check.py), then saves screenshots at a
# laptop's width: report.png (the first screen) and report-full.png (the page).
# Usage: html_browser_test.sh STACKPLAN SOURCE_DIR OUT_DIR ORDERD
set -euo pipefail
stackplan=$1 src=$2 out=$3 orderd=$4
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "chromium not found: run scripts/install-deps (Debian package chromium)" >&2
  exit 1
fi
rm -rf "$out"
mkdir -p "$out"
cd "$src"

"$stackplan" simulate examples/flash-sale-async.yaml --html "$out/simulate.html" \
  --json "$out/simulate.json" >/dev/null
"$stackplan" cost examples/cost/platform-comparison.yaml --format json -o "$out/cost.json"
"$stackplan" cost examples/cost/flash-sale-lambda.yaml --format json -o "$out/break-even.json"
# plan exits 1 when a configuration misses its targets and still writes its result.
"$stackplan" plan examples/plan/platform-comparison.yaml --json >"$out/plan.json" || [ $? -eq 1 ]
# A load run of two seconds against a static file server on 127.0.0.1.
mkdir -p "$out/www"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$out/www" >"$out/httpd.log" 2>&1 &
httpd=$!
trap 'kill $httpd 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 0.2)" 2>/dev/null && break
  sleep 0.1
done
"$stackplan" load "http://127.0.0.1:$port/" -u 2 -r 2 -d 2s -t 1 -q --json "$out/load.json" \
  >/dev/null
kill $httpd
# A calibration against orderd on 127.0.0.1: a sync scenario that guesses the
# payment wrong (1 s, 8 slots) against 50 ms and 5 slots, three seconds.
mkdir -p "$out/orderd"
(cd "$out/orderd" && exec "$orderd" --port 0 --port-file port --payment-time 50ms \
  --payment-slots 5 all --db queue.db --ledger charges.db >orderd.log 2>&1) &
orderd_pid=$!
trap 'kill $httpd $orderd_pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -s "$out/orderd/port" ] && break; sleep 0.1; done
orderd_url="http://127.0.0.1:$(cat "$out/orderd/port")"
cat >"$out/shop.yaml" <<'YAML'
name: shop
traffic:
  users: 10
  spawn_rate: 10/s
  wait: uniform(10ms, 20ms)
  duration: 3s
architecture:
  kind: sync
  dependency: { name: payment, slots: 8, service_time: 1s }
YAML
"$stackplan" calibrate "$out/shop.yaml" --url "$orderd_url" --metrics "$orderd_url/metrics" \
  --tolerance 50% -q --json-file "$out/calibrate.json" --html "$out/calibrate.html" >/dev/null
kill $orderd_pid
"$stackplan" report "$out/simulate.json" "$out/plan.json" "$out/cost.json" \
  "$out/break-even.json" "$out/load.json" "$out/calibrate.json" -o "$out/report.html"

# A private profile, no GPU, no sandbox (CI containers run as root); the
# virtual time budget lets the page's scripts finish before the DOM is dumped.
run_browser() {
  timeout 60 "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --user-data-dir="$out/profile" --virtual-time-budget=5000 "$@"
}

sim_charts=(
  "sim-queue=visible|in flight|completions"
  "sim-throughput=accepted|paid"
  "sim-latency=response (client)|accepted to paid (order)"
)
status=0
run_browser --enable-logging=stderr --v=0 --dump-dom "file://$out/simulate.html" \
  >"$out/simulate.dom.html" 2>"$out/simulate.console.log"
python3 "$src/tests/report/html_browser_check.py" "$out/simulate.dom.html" \
  "$out/simulate.console.log" "${sim_charts[@]}" || status=1

run_browser --enable-logging=stderr --v=0 --dump-dom "file://$out/report.html" \
  >"$out/report.dom.html" 2>"$out/report.console.log"
python3 "$src/tests/report/html_browser_check.py" "$out/report.dom.html" \
  "$out/report.console.log" "${sim_charts[@]}" \
  "plan-options=recommended: meets every target|cheaper: misses a target" \
  "plan-peak=recommendation (reference and sensitivity)|flip: the option below|flip: the option above" \
  "cost-bills=*" "cost-stages=*" "cost-break-even=*" \
  "load-throughput-time=requests|failures|active" "load-latency-time=p50|p90|p99|max" \
  "load-latency=GET /|Aggregated" "load-throughput=requests/s|failures/s" \
  "calibrate-latency=measured|predicted" "calibrate-error=error (%)" || status=1

run_browser --enable-logging=stderr --v=0 --dump-dom "file://$out/calibrate.html" \
  >"$out/calibrate.dom.html" 2>"$out/calibrate.console.log"
python3 "$src/tests/report/html_browser_check.py" "$out/calibrate.dom.html" \
  "$out/calibrate.console.log" "calibrate-latency=measured|predicted" \
  "calibrate-error=error (%)" "load-latency=POST /orders/sync|Aggregated" || status=1

run_browser --screenshot="$out/report.png" --window-size=1366,900 "file://$out/report.html" \
  2>/dev/null
run_browser --screenshot="$out/report-full.png" --window-size=1366,10000 \
  "file://$out/report.html" 2>/dev/null
for png in report.png report-full.png; do
  if [ "$(head -c 8 "$out/$png" | od -An -tx1 | tr -d ' \n')" != "89504e470d0a1a0a" ]; then
    echo "$out/$png: not a PNG screenshot" >&2
    status=1
  fi
done
echo "screenshots: $out/report.png $out/report-full.png"
exit $status
