# Sourced by the CPU-per-request scripts (assign-cpu.sh, events-cpu.sh): a fresh server on a fresh embedded
# PostgreSQL, a warm-up, then the measured run (wrk, one thread), with the CPU of each thread group read from /proc
# before and after it (cpu-by-thread.py). Needs CONN, WARM and SECS; JOPTS passes JVM options (after the production
# setting -XX:MaxTenuringThreshold=1, server/README "The JVM", which every jar gets alike); the jar is
# server/target/moments-server.jar unless JAR names another (build it first). cpu_run <wrk script> <units per
# request> <unit name> [wrk script args...] prints microseconds per unit by group, then the rate, p99 and load
# average; with psql on the PATH also the events stored per commit (the writer's group size, diluted by the fold's
# and the jobs' own commits).
PORT=${PORT:-18195}; KEY=bench-admin-key-0123456789abcdef; DATA=$(mktemp -d)
# another helper's server on the port would answer the health check and take the load while this run reads the
# CPU of its own server, which failed to bind: refuse instead (PORT=... picks another)
if curl -s "http://127.0.0.1:$PORT/health" >/dev/null; then echo "port $PORT is in use; set PORT" >&2; exit 1; fi
# the per-key quotas would answer part of the load with 429s, which are cheap and which wrk counts as requests
export MOMENTS_QUOTA_ASSIGN_PER_SECOND=${MOMENTS_QUOTA_ASSIGN_PER_SECOND:-10000000}
MOMENTS_PORT=$PORT MOMENTS_METRICS_PORT=$((PORT+1)) MOMENTS_DATA_DIR=$DATA MOMENTS_ADMIN_KEY=$KEY \
  java -XX:MaxTenuringThreshold=1 ${JOPTS:-} -jar "${JAR:-server/target/moments-server.jar}" >"$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$DATA"' EXIT
until curl -sf "http://127.0.0.1:$PORT/health" >/dev/null; do sleep 0.5; done

psql_embedded() {  # psql on this run's embedded database (needs psql on the PATH)
  PGPASSWORD=$(cat "$DATA/postgres.password") psql -h 127.0.0.1 -U postgres -Atq -F' ' -p "$(grep -o \
    'embedded PostgreSQL on 127.0.0.1:[0-9]*' "$DATA/server.log" | grep -o '[0-9]*$')" "$@" postgres
}
# PGSET="name=value ..." tries PostgreSQL settings on the embedded database before the warm-up (ALTER SYSTEM and a
# reload: settings a reload applies only), to measure one before changing the server's defaults
for setting in ${PGSET:-}; do
  psql_embedded -c "ALTER SYSTEM SET ${setting%%=*} = '${setting#*=}'" || exit 1
done
[ -z "${PGSET:-}" ] || psql_embedded -c "SELECT pg_reload_conf()" >/dev/null

commits() {  # "commits stored-events" of the embedded database, when psql is there
  command -v psql >/dev/null || return 0
  psql_embedded -c "SELECT (SELECT xact_commit FROM pg_stat_database WHERE datname = 'postgres'), (SELECT \
    n_tup_ins FROM pg_stat_user_tables WHERE relname = 'event_ids')"
}

writer() {  # "statements events" the event writers sent so far (their /metrics counters)
  curl -s "http://127.0.0.1:$((PORT+1))/metrics" | awk '/^moments_writer_statements_total/{s=$2}
    /^moments_writer_statement_events_total/{e=$2} END{printf "%d %d\n", s, e}'
}

cpu_run() {
  local lua=$1 per=$2 unit=$3; shift 3
  wrk -t1 -c"$CONN" -d"${WARM}s" --timeout 30s -s "$lua" "http://127.0.0.1:$PORT" -- "$@" >/dev/null
  local before out after g0 g1 c0 e0 c1 e1 w0 w1 s0 v0 s1 v1
  g0=$(commits); w0=$(writer)
  before=$(python3 server/bench/cpu-by-thread.py $SERVER "$DATA")
  out=$(wrk -t1 -c"$CONN" -d"${SECS}s" --timeout 30s --latency -s "$lua" "http://127.0.0.1:$PORT" -- "$@")
  after=$(python3 server/bench/cpu-by-thread.py $SERVER "$DATA")
  g1=$(commits); w1=$(writer)
  python3 server/bench/cpu-by-thread.py per "$before" "$after" \
    $(( $(awk '/requests in/{print $1}' <<<"$out") * per )) "$unit"
  echo "connections=$CONN warm-up=${WARM}s: $(awk '/Requests\/sec/{print $2}' <<<"$out") req/s," \
    "p99 $(awk '/ 99%/{print $2}' <<<"$out"), load average $(cut -d' ' -f1 /proc/loadavg)" \
    "$(grep -E 'Non-2xx|errors' <<<"$out")"
  if [ -n "$g0" ] && [ -n "$g1" ]; then
    read -r c0 e0 <<<"$g0"; read -r c1 e1 <<<"$g1"
    echo "events stored per commit: $(( (e1 - e0) / ((c1 - c0) > 0 ? (c1 - c0) : 1) )) ($((e1 - e0)) events," \
      "$((c1 - c0)) commits)"
  fi
  read -r s0 v0 <<<"$w0"; read -r s1 v1 <<<"$w1"
  [ "$((s1 - s0))" -le 0 ] || echo "events per writer statement: $(( (v1 - v0) / (s1 - s0) )) ($((s1 - s0)) statements)"
}
