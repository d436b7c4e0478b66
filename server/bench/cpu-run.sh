# Sourced by the CPU-per-request scripts (assign-cpu.sh, events-cpu.sh): a fresh server on a fresh embedded
# PostgreSQL, a warm-up, then the measured run (wrk, one thread), with the CPU of each thread group read from /proc
# before and after it (cpu-by-thread.py). Needs CONN, WARM and SECS; JOPTS passes JVM options; the jar is
# server/target/moments-server.jar unless JAR names another (build it first). cpu_run <wrk script> <units per
# request> <unit name> [wrk script args...] prints microseconds per unit by group, then the rate, p99 and load
# average.
PORT=${PORT:-18195}; KEY=bench-admin-key-0123456789abcdef; DATA=$(mktemp -d)
# another helper's server on the port would answer the health check and take the load while this run reads the
# CPU of its own server, which failed to bind: refuse instead (PORT=... picks another)
if curl -s "http://127.0.0.1:$PORT/health" >/dev/null; then echo "port $PORT is in use; set PORT" >&2; exit 1; fi
MOMENTS_PORT=$PORT MOMENTS_METRICS_PORT=$((PORT+1)) MOMENTS_DATA_DIR=$DATA MOMENTS_ADMIN_KEY=$KEY \
  java ${JOPTS:-} -jar "${JAR:-server/target/moments-server.jar}" >"$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$DATA"' EXIT
until curl -sf "http://127.0.0.1:$PORT/health" >/dev/null; do sleep 0.5; done

cpu_run() {
  local lua=$1 per=$2 unit=$3; shift 3
  wrk -t1 -c"$CONN" -d"${WARM}s" --timeout 30s -s "$lua" "http://127.0.0.1:$PORT" -- "$@" >/dev/null
  local before out after
  before=$(python3 server/bench/cpu-by-thread.py $SERVER "$DATA")
  out=$(wrk -t1 -c"$CONN" -d"${SECS}s" --timeout 30s --latency -s "$lua" "http://127.0.0.1:$PORT" -- "$@")
  after=$(python3 server/bench/cpu-by-thread.py $SERVER "$DATA")
  python3 server/bench/cpu-by-thread.py per "$before" "$after" \
    $(( $(awk '/requests in/{print $1}' <<<"$out") * per )) "$unit"
  echo "connections=$CONN warm-up=${WARM}s: $(awk '/Requests\/sec/{print $2}' <<<"$out") req/s," \
    "p99 $(awk '/ 99%/{print $2}' <<<"$out"), load average $(cut -d' ' -f1 /proc/loadavg)" \
    "$(grep -E 'Non-2xx|errors' <<<"$out")"
}
