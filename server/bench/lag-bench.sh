#!/usr/bin/env bash
# Report lag under sustained load (issue 19.3): a server on a fresh embedded PostgreSQL (demo seeded), then LagBench
# sends RATE events/s for SECONDS (20 % through /assign, one exposure each; the rest through /events in batches of
# 100) and prints the distribution of the time from each event's acknowledgement to the report's dataAsOf passing
# it, with the load average (the machine may be shared: say so with the figures).
# Usage: server/bench/lag-bench.sh [rate, default 15000] [seconds, default 120] [port, default 18192]
#        [share of events through /assign, default 0.2; /assign at 20 % of 15,000/s is beyond this 2-core VM's
#        /assign capacity, so the 15,000 events/s run uses 0.05] [warm-up seconds, default 0]
# With a warm-up, the same load runs that long first and the lag of its events is printed on a line of its own,
# not in the figures: a server in production has a warm JVM (on a cold one the fold falls behind in the first
# 20-40 s while the JIT compiles, issue 19.3). The load does not pause: what the warm-up leaves waiting counts.
# The server itself starts as production's does, with server.sh's SERVER_WARMUP (MOMENTS_WARMUP_SECONDS, 20 s of JIT
# warm-up on a scratch database before it listens; an older jar ignores it); SERVER_WARMUP=0 is the cold JVM of the
# runs before the fourteenth session.
# JAR=path runs that server jar instead of this worktree's (A/B against another build; the client is this one's);
# SERVER_LOG=file keeps the server's log, e.g. with MOMENTS_FOLD_LOG_LEVEL=DEBUG for each fold batch's phases.
# LAG_OPTS are more LagBench options, e.g. series=true (a line per second: the watermark's age, the report's latency,
# the events acknowledged). CLIENT_CP overrides the client's class path (a copy of a build, so a rebuild meanwhile does not change it).
# Two colds: by default the embedded cluster is new (its first ever start: empty tables, no planner statistics, no
# WAL segments to recycle). KEEP_DATA=dir keeps the run's data directory at dir; DATA_FROM=dir starts the next run's
# fresh JVM on a copy of it, as a deploy restarts the server and not its database (server/bench/server.sh), e.g.
#   KEEP_DATA=/tmp/lag-data JAR=… server/bench/lag-bench.sh 15000 120 19110 0.05        # prepare (a fresh cluster)
#   DATA_FROM=/tmp/lag-data JAR=… server/bench/lag-bench.sh 15000 120 19110 0.05        # a fresh JVM on it
# Run the prepared directory with the jar that made it or a newer one (an older jar refuses newer migrations).
set -euo pipefail
cd "$(dirname "$0")/../.."
RATE=${1:-15000}
SECONDS_=${2:-120}
PORT=${3:-18192}
ASSIGN_SHARE=${4:-0.2}
WARMUP=${5:-0}
KEY=bench-admin-key-0123456789abcdef
DEMO=true
source server/bench/server.sh
java -cp "${CLIENT_CP:-server/target/moments-server.jar:server/target/test-classes}" dev.moments.server.bench.LagBench \
  url=http://127.0.0.1:$PORT key=$KEY experiment=hero-demo moment=fmot.landing-hero rate="$RATE" \
  seconds="$SECONDS_" assignShare="$ASSIGN_SHARE" warmup="$WARMUP" ${LAG_OPTS:-} | grep -v DEBUG
