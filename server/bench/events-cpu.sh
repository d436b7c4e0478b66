#!/usr/bin/env bash
# CPU per event of POST /api/v1/events (batches of 100 new events, as the SDKs send them, under the admin key like
# ingest-bench.sh), split by thread group like assign-cpu.sh: the event loops (parse, validate, admit, build the
# statement's parameters, answer), JIT, GC, the rollup worker and other threads, and the embedded PostgreSQL. The
# per-key events quota is lifted so that the run measures the write path. Compare `loop` between builds (the figure
# that holds on a shared machine); `pg` and `worker` include the fold of what was written meanwhile.
# Usage: server/bench/events-cpu.sh [events per request, 100] [connections, 32] [warm-up s, 60] [measured s, 20]
# (JOPTS=... passes JVM options; the jar is server/target/moments-server.jar, build it first.)
set -uo pipefail
cd "$(dirname "$0")/../.."
BATCH=${1:-100}; CONN=${2:-32}; WARM=${3:-60}; SECS=${4:-20}
export MOMENTS_QUOTA_EVENTS_PER_SECOND=10000000
source server/bench/cpu-run.sh
echo "batch=$BATCH $(cpu_run server/bench/events.lua "$BATCH" event "$KEY" "$BATCH")"
