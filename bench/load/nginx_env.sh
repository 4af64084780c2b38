# Sourced by the comparison scripts: starts nginx (one worker) on 127.0.0.1
# serving a small file from a temporary directory, and stops it on exit.
# Sets NGINX_URL.
set -euo pipefail

NGINX_DIR=$(mktemp -d /tmp/stackplan-bench-nginx.XXXXXX)
NGINX_PORT=${NGINX_PORT:-$(( 20000 + RANDOM % 20000 ))}
head -c 612 /dev/zero | tr '\0' 'x' > "$NGINX_DIR/index.html"   # nginx's welcome page size
chmod 755 "$NGINX_DIR"; chmod 644 "$NGINX_DIR/index.html"          # readable by nginx's worker user
cat > "$NGINX_DIR/nginx.conf" <<CONF
worker_processes 1;
daemon on;
pid $NGINX_DIR/nginx.pid;
error_log $NGINX_DIR/error.log;
worker_rlimit_nofile 30000;
events { worker_connections 20000; }
http {
  access_log off;
  keepalive_requests 100000000;
  keepalive_timeout 300s;
  server { listen 127.0.0.1:$NGINX_PORT backlog=4096; root $NGINX_DIR; }
}
CONF
stop_nginx() {
  if [[ -f "$NGINX_DIR/nginx.pid" ]]; then kill "$(cat "$NGINX_DIR/nginx.pid")" 2>/dev/null || true; fi
  sleep 0.2
  rm -rf "$NGINX_DIR"
}
trap stop_nginx EXIT
nginx -c "$NGINX_DIR/nginx.conf" -p "$NGINX_DIR" -e "$NGINX_DIR/error.log"
NGINX_URL="http://127.0.0.1:$NGINX_PORT/index.html"
for _ in $(seq 50); do
  curl -sf -o /dev/null "$NGINX_URL" && break
  sleep 0.1
done
curl -sf -o /dev/null "$NGINX_URL" || { echo "nginx does not serve $NGINX_URL" >&2; exit 2; }

# median of the numbers on stdin
median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
# cpu seconds (user+sys) of a command, written to the file $1; stdout/stderr of the command kept
# (only the last line of the file: time adds a line when the command fails)
timed() { local out=$1; shift; /usr/bin/time -f "%U %S %M" -o "$out.all" "$@"; local rc=$?; tail -1 "$out.all" > "$out"; return $rc; }
