# Sourced by the bench scripts: builds the jars and starts a server on a fresh embedded PostgreSQL in the
# background, stopped and removed when the script exits. Needs PORT and KEY; DEMO (default false) seeds the demo.
# Sets DATA (its data directory) and SERVER (its process id). The server runs JAR if set (another build, e.g. main's,
# to compare with this one; nothing is built then, and the clients run from this worktree's last build); SERVER_LOG names a file
# to keep the server's log in (the data directory, with its log, is removed on exit), PG_LOG one for the embedded
# PostgreSQL's log; SERVER_JAVA_OPTS are the server JVM's options (e.g. -Xlog:gc*:file=gc.log), after the
# production setting -XX:MaxTenuringThreshold=1 (server/README, "The JVM"), which every jar gets alike.
# A fresh JVM on a database that has run before (a deploy restarts the server, not its database): DATA_FROM=dir starts
# the server on a copy of dir (a data directory an earlier run kept; copied before the server starts, so every run
# begins from the same state), KEEP_DATA=dir keeps this run's data directory at dir on exit (the server stopped
# cleanly, so its PostgreSQL shut down with a checkpoint). Without them the cluster is new (its first ever start).
# SERVER_WARMUP (seconds, default 20) is the server's MOMENTS_WARMUP_SECONDS, as production sets it (server/README,
# "JIT warm-up"): the server compiles its hot paths on a scratch database before it listens; an older jar ignores it.
# 0: a cold server. The wait for the server allows for it (it polls /health until the server answers or exits).
DATA=$(mktemp -d)
[ -z "${DATA_FROM:-}" ] || cp -a "$DATA_FROM/." "$DATA/"
[ -n "${JAR:-}" ] || mvn -B -q -o -DskipTests -Dsdk-js.skip=true -pl server -am verify >/dev/null \
  || { echo "build failed: mvn -B -q -o -DskipTests -Dsdk-js.skip=true -pl server -am verify" >&2; exit 1; }
STARTING=$(date +%s.%N)
MOMENTS_PORT=$PORT MOMENTS_DATA_DIR=$DATA MOMENTS_ADMIN_KEY=$KEY MOMENTS_DEMO=${DEMO:-false} \
  MOMENTS_WARMUP_SECONDS=${SERVER_WARMUP:-20} \
  java -XX:MaxTenuringThreshold=1 ${SERVER_JAVA_OPTS:-} -jar "${JAR:-server/target/moments-server.jar}" >"$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true
  [ -z "${SERVER_LOG:-}" ] || cp "$DATA/server.log" "$SERVER_LOG"
  [ -z "${PG_LOG:-}" ] || cp "$DATA/postgres.log" "$PG_LOG"
  if [ -n "${KEEP_DATA:-}" ]; then rm -rf "$KEEP_DATA"; mv "$DATA" "$KEEP_DATA"; else rm -rf "$DATA"; fi' EXIT
until curl -sf "http://127.0.0.1:$PORT/health" >/dev/null; do
  kill -0 $SERVER 2>/dev/null || { echo "the server exited while starting:" >&2; tail -20 "$DATA/server.log" >&2; exit 1; }
  sleep 0.5
done
echo "server up after $(awk "BEGIN { printf \"%.1f\", $(date +%s.%N) - $STARTING }") s (SERVER_WARMUP=${SERVER_WARMUP:-20})" >&2
